import type { ResolvedHost } from "./resolve-host.js";

/**
 * Where and how every ssh, sftp, sshfs and ssh-keyscan call reaches a
 * client, and under which name its host key is pinned. Every place that
 * builds a connection to a client takes these values from here (issue 14),
 * so a tunnelled host is reached the same way by backups, restores, doctor
 * and setup-client.
 */
export interface SshDestination {
  /** What ssh connects to: the configured address, or 127.0.0.1 for a tunnelled host. */
  address: string;
  /** TCP port: `ssh.port`, or the tunnel's listen port on this server. */
  port: number;
  /**
   * The name the host key is recorded under in pullbak's known_hosts:
   * `address` on port 22, `[address]:port` otherwise (OpenSSH's own
   * naming), and the host's name for a tunnelled host.
   */
  knownHostsName: string;
  /**
   * `Key=value` ssh options that make ssh look the key up under
   * `knownHostsName`: `HostKeyAlias=NAME` for a tunnelled host (ssh_config(5):
   * the alias replaces the real host name and port when looking up or
   * saving the host key), none otherwise. Host key checking stays strict.
   */
  hostKeyOptions: string[];
  /** The tunnel's listen port, set only for a tunnelled host. */
  tunnelPort?: number;
  /** For messages: `10.0.0.5:22`, or `the tunnel on 127.0.0.1:40022`. */
  label: string;
}

/** How OpenSSH names a host in known_hosts: a plain address on port 22, `[address]:port` otherwise. */
export function knownHostsEntryName(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

/**
 * The one place that says how a host is reached. A tunnelled host's key is
 * pinned under its name, never `[127.0.0.1]:PORT`: two tunnelled hosts
 * then never share a pin, and one that appears on another's port (swapped
 * tunnels) is refused by the strict host key check (issue 14). Host names
 * are letters, digits, `.`, `_`, `-` (config schema), so the alias is safe
 * in an option string.
 */
export function sshDestination(host: ResolvedHost): SshDestination {
  if (host.tunnel) {
    const port = host.tunnel.port;
    return {
      address: host.address,
      port,
      knownHostsName: host.name,
      // CheckHostIP=no: ssh would otherwise also record and compare 127.0.0.1, which every tunnelled host shares.
      hostKeyOptions: [`HostKeyAlias=${host.name}`, "CheckHostIP=no"],
      tunnelPort: port,
      label: `the tunnel on ${host.address}:${port}`,
    };
  }
  const port = host.ssh.port;
  const bracketed = host.address.includes(":") ? `[${host.address}]` : host.address;
  return { address: host.address, port, knownHostsName: knownHostsEntryName(host.address, port), hostKeyOptions: [], label: `${bracketed}:${port}` };
}
