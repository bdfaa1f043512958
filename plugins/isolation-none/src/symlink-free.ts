import { lstatSync } from "node:fs";
import { join } from "node:path";
import { PullbakError } from "@pullbak/core";

/**
 * Without a chroot, the server's kernel resolves the client's symlinks: an
 * absolute link (or one climbing out with `..`) in a path handed to borg
 * would make it read the server's own tree. borg archives a link it is
 * given as a link and does not follow links below the paths it walks, but
 * the directories leading to a given path are resolved by the kernel: they
 * must not be links. The check is lstat only, and a path that does not exist
 * is left for borg to report.
 */
export function assertNoSymlinkOnTheWay(root: string, relative: string, host: string): void {
  if (relative === ".") return;
  let current = root;
  const leading = relative.split("/").slice(0, -1);
  for (const part of leading) {
    current = join(current, part);
    let isLink: boolean;
    try {
      isLink = lstatSync(current).isSymbolicLink();
    } catch {
      return;
    }
    if (isLink) {
      const clientPath = `/${current.slice(root.length + 1)}`;
      throw new PullbakError(
        "UNSAFE_CLIENT_PATH",
        `host ${host}: ${clientPath} is a symbolic link on the client; isolation none runs borg on the server, which would resolve it against the server's own files. Name the link's target instead, or use isolation chroot`,
      );
    }
  }
}
