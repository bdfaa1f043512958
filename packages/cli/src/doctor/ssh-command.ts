import { PullbakError, sshDestination, type ResolvedHost } from "@pullbak/core";

/**
 * ssh reads white space, `%` and `~` in option values as syntax (several
 * files, tokens, home dirs): a path spliced into `-o Key=value` must be made
 * of plain characters only, or it is refused, never escaped.
 */
function optionPath(path: string, where: string): string {
  if (!/^\/[A-Za-z0-9._/+@-]*$/.test(path)) {
    throw new PullbakError("CONFIG_INVALID", `${where}: ${JSON.stringify(path)} must be an absolute path of letters, digits and . _ / + @ - (ssh reads other characters as option syntax)`);
  }
  return path;
}

/** An address ssh cannot mistake for an option, a user@ split or a jump spec. */
function plainAddress(host: ResolvedHost): string {
  const { address } = sshDestination(host);
  if (!/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(address) && !/^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$/.test(address)) {
    throw new PullbakError("CONFIG_INVALID", `hosts.${host.name}.address: ${JSON.stringify(address)} is not a host name or IP address`);
  }
  return address;
}

function plainUser(host: ResolvedHost): string {
  if (!/^[A-Za-z_][A-Za-z0-9._-]*$/.test(host.ssh.user)) {
    throw new PullbakError("CONFIG_INVALID", `hosts.${host.name}.ssh.user: ${JSON.stringify(host.ssh.user)} is not a plain user name`);
  }
  return host.ssh.user;
}

/**
 * The options every doctor connection uses: no ssh_config, no agent, no
 * prompt, and the host key checked against pullbak's known_hosts only.
 * `identity` undefined means "offer no key at all" (the password probe).
 */
export function sshOptions(host: ResolvedHost, identity: string | undefined): string[] {
  const knownHosts = optionPath(host.ssh.knownHostsFile, `hosts.${host.name}.ssh.knownHostsFile`);
  const options = [
    "BatchMode=yes",
    "StrictHostKeyChecking=yes",
    // issue 14: a tunnelled host's key is looked up under its name.
    ...sshDestination(host).hostKeyOptions,
    `UserKnownHostsFile=${knownHosts}`,
    "GlobalKnownHostsFile=none",
    "UpdateHostKeys=no",
    "IdentitiesOnly=yes",
    "IdentityAgent=none",
    `ConnectTimeout=${host.ssh.connectTimeout}`,
    ...(identity === undefined ? ["PubkeyAuthentication=no"] : [`IdentityFile=${optionPath(identity, `hosts.${host.name}.ssh`)}`]),
  ];
  return ["-F", "none", ...options.flatMap((o) => ["-o", o])];
}

/** `ssh [options] [flags] -l USER -p PORT -- ADDRESS [words]`: `--` ends ssh's options. */
export function sshArgv(host: ResolvedHost, identity: string | undefined, flags: readonly string[], words: readonly string[]): string[] {
  return ["ssh", ...sshOptions(host, identity), "-T", ...flags, "-l", plainUser(host), "-p", String(sshDestination(host).port), "--", plainAddress(host), ...words];
}

/** `sftp -b BATCH [options] -P PORT -- USER@ADDRESS`. */
export function sftpArgv(host: ResolvedHost, identity: string, batchFile: string): string[] {
  const address = plainAddress(host);
  const bracketed = address.includes(":") ? `[${address}]` : address;
  return ["sftp", "-q", "-b", batchFile, ...sshOptions(host, identity), "-P", String(sshDestination(host).port), "--", `${plainUser(host)}@${bracketed}`];
}

/** `host:port` as `ssh -W` reads it. */
export function forwardTarget(host: ResolvedHost): string {
  const address = plainAddress(host);
  return `${address.includes(":") ? `[${address}]` : address}:${sshDestination(host).port}`;
}
