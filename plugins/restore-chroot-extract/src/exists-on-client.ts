import { lstat, readlink } from "node:fs/promises";
import { posix } from "node:path";
import { pathFromBytes, pathToBytes } from "@pullbak/core";

/** Linux's own limit on symlinks followed while resolving one path. */
const MAX_LINKS = 40;

/**
 * Whether `clientPath` exists on the client, looked at through the client's
 * mount at `root` the way a process chrooted at `root` would see it: a
 * symlink on the way is resolved among the client's files (an absolute
 * target from `root`, `..` never above it) and the last component is not
 * followed. Never asks the server's kernel to follow a client symlink: with
 * sshfs's no_contain_symlinks it would resolve an absolute one against the
 * server's own tree (`/srv/data -> /etc` would look at the server's /etc).
 */
export async function existsOnClient(root: string, clientPath: string): Promise<boolean> {
  let pending = clientPath.split("/").filter((part) => part !== "" && part !== ".");
  let resolved: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === "..") {
      resolved.pop();
      continue;
    }
    const here = [...resolved, part];
    // As bytes: a name that is not UTF-8 (U+DC80 + byte) would reach the kernel as U+FFFD (issue 15).
    const stats = await lstat(pathToBytes(posix.join(root, ...here))).catch(() => undefined);
    if (!stats) return false;
    if (pending.length === 0) return true;
    if (!stats.isSymbolicLink()) {
      resolved = here;
      continue;
    }
    if (++links > MAX_LINKS) return false;
    const target = pathFromBytes(await readlink(pathToBytes(posix.join(root, ...here)), { encoding: "buffer" }));
    pending = [...target.split("/").filter((p) => p !== "" && p !== "."), ...pending];
    if (target.startsWith("/")) resolved = [];
  }
  return true;
}
