import { posix } from "node:path";

/**
 * Without a chroot, commands run in the client's mount (cwd) and name client
 * paths relative to it: "/etc" -> "etc", "/" -> ".". Relative names keep the
 * server's mount point out of the archive's paths.
 */
export function clientRelativePath(path: string): string {
  const relative = posix.normalize(path).replace(/^\/+/, "");
  return relative === "" || relative === "." ? "." : relative.replace(/\/+$/, "");
}
