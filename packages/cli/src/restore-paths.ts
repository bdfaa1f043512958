import { PullbakError } from "@pullbak/core";

/**
 * The client paths a restore was asked for, checked before anything runs:
 * each must be absolute (a client path as the client names it). Shared by
 * `restore` and `run --plugin <restorer>` so both take paths the same way
 * (issue 15).
 *
 * @throws PullbakError USAGE (exit 78) naming the first relative path.
 */
export function restorePaths(command: string, paths: readonly string[]): string[] {
  for (const path of paths) {
    if (!path.startsWith("/")) throw new PullbakError("USAGE", `${command}: ${path}: paths are absolute client paths, e.g. /etc/hosts`);
  }
  return [...paths];
}
