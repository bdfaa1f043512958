import { PullbakError } from "@pullbak/core";

/**
 * Characters a path may hold when it ends up inside an option string: sshfs
 * and overlayfs split `-o` on `,` (and `:`), ssh splits option values on
 * white space and expands `%x`, `${VAR}` and `~` in file names. A path made
 * only of these characters means the same thing to every one of them.
 */
const SAFE_PATH = /^\/[A-Za-z0-9._/+@-]*$/;

/** A config path that will be spliced into `-o KEY=VALUE`; anything else is refused, never escaped. */
export function assertSafePath(path: string, where: string): string {
  if (!SAFE_PATH.test(path)) {
    const bad = [...path].find((c) => !/[A-Za-z0-9._/+@-]/.test(c));
    const what = bad === undefined ? "is not absolute" : `contains ${JSON.stringify(bad)}`;
    throw new PullbakError(
      "CONFIG_INVALID",
      `${where}: ${JSON.stringify(path)} ${what}; ssh and sshfs read such characters as option syntax, so pullbak only accepts absolute paths of letters, digits and . _ / + @ -`,
    );
  }
  return path;
}

/** A login name that cannot be mistaken for an ssh option or a `user@host` split. */
export function assertSafeUser(user: string, where: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9._-]*$/.test(user)) {
    throw new PullbakError("CONFIG_INVALID", `${where}: ${JSON.stringify(user)} is not a plain user name (letters, digits, . _ -, not starting with -)`);
  }
  return user;
}

/** A host name, IPv4 or IPv6 address; never something ssh would parse as an option (`-oProxyCommand=...`). */
export function assertSafeAddress(address: string, where: string): string {
  const hostname = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/;
  const ipv6 = /^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$/;
  if (!hostname.test(address) && !ipv6.test(address)) {
    throw new PullbakError("CONFIG_INVALID", `${where}: ${JSON.stringify(address)} is not a host name or IP address`);
  }
  return address;
}

export function isIpv6(address: string): boolean {
  return address.includes(":");
}
