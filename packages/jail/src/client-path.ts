import { posix } from "node:path";

/**
 * How a client path is spelled inside the jail, whose working directory is
 * the client's root: relative to it ("/etc" -> "etc", "/" -> "."). borg
 * records a relative path as given and drops a leading "/" from an absolute
 * one, so `etc/hosts` is what the chroot isolation records for `/etc` too.
 */
export function jailClientPath(path: string): string {
  const relative = posix.normalize(`/${path}`).replace(/^\/+/, "").replace(/\/+$/, "");
  return relative === "" ? "." : relative;
}
