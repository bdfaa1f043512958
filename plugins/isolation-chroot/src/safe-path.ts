import { PullbakError } from "@pullbak/core";

/**
 * Paths that end up in overlayfs's option string (`lowerdir=...,upperdir=...`)
 * where `,` and `:` are syntax; refused rather than escaped. The script that
 * mounts checks the same again.
 */
export function assertSafePath(path: string, where: string): string {
  if (!/^\/[A-Za-z0-9._/+@-]*$/.test(path)) {
    throw new PullbakError("CONFIG_INVALID", `${where}: ${JSON.stringify(path)} must be an absolute path of letters, digits and . _ / + @ - (it goes into overlayfs mount options)`);
  }
  return path;
}
