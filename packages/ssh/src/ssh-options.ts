import { sshDestination, type ResolvedHost } from "@pullbak/core";
import { assertSafePath } from "./safe-values.js";

/** A silent link is declared dead after this many missed keepalives. */
export const ALIVE_COUNT_MAX = 3;

/**
 * The ssh options every connection to a client uses, as `Key=value` words.
 * Host keys are always checked against pullbak's own known_hosts only (no
 * global file, no user config, no prompt): a client whose key is unknown or
 * changed is refused, never trusted on first use. A tunnelled host's key is
 * looked up under its name (sshDestination, issue 14).
 */
export function sshOptions(host: ResolvedHost, identityFile: string): string[] {
  const knownHosts = assertSafePath(host.ssh.knownHostsFile, `hosts.${host.name}.ssh.knownHostsFile (or defaults.ssh.knownHostsFile)`);
  return [
    `UserKnownHostsFile=${knownHosts}`,
    "GlobalKnownHostsFile=none",
    "StrictHostKeyChecking=yes",
    ...sshDestination(host).hostKeyOptions,
    "UpdateHostKeys=no",
    "BatchMode=yes",
    "PreferredAuthentications=publickey",
    "IdentitiesOnly=yes",
    `IdentityFile=${assertSafePath(identityFile, `hosts.${host.name}.ssh`)}`,
    `ServerAliveInterval=${host.ssh.aliveInterval}`,
    `ServerAliveCountMax=${ALIVE_COUNT_MAX}`,
    `ConnectTimeout=${host.ssh.connectTimeout}`,
  ];
}

/** `-F none`: neither /etc/ssh/ssh_config nor ~/.ssh/config may add a ProxyCommand, identity or host key file. */
export const NO_SSH_CONFIG = ["-F", "none"] as const;
