import { readFile } from "node:fs/promises";
import { PullbakError, type ResolvedHost } from "@pullbak/core";

/** Where the unit expects the client's tunnel key pair and the server's pinned host key, on the client (docs/tunnels.md). */
export const CLIENT_TUNNEL_KEY = "/root/.ssh/pullbak-tunnel";
export const CLIENT_TUNNEL_KNOWN_HOSTS = "/root/.ssh/pullbak-tunnel.known_hosts";
/** The unit's name on the client; TUNNEL_DOWN messages tell the admin to look at it. */
export const TUNNEL_UNIT = "pullbak-tunnel.service";

/** Seconds between the tunnel's keepalives, and how many may go unanswered before ssh exits and systemd restarts it. */
const ALIVE_INTERVAL = 15;
const ALIVE_COUNT_MAX = 3;
/** Seconds systemd waits before starting a dead tunnel again. */
const RESTART_SEC = 10;

/** Placeholder when the config does not say how the client dials this server. */
const SERVER_PLACEHOLDER = "BACKUP-SERVER";

/**
 * Reads the client's tunnel public key (`--tunnel-key FILE`): one
 * `type base64 [comment]` line, nothing that could add options to the
 * authorized_keys line it is pasted into.
 */
export async function readTunnelPublicKey(file: string): Promise<string> {
  const text = (await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new PullbakError("USAGE", `setup-client: --tunnel-key ${file}: ${error.code ?? error.message}`);
  })).trim();
  if (!/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+=*( [^\n\r"\\]*)?$/.test(text)) {
    throw new PullbakError("USAGE", `setup-client: --tunnel-key ${file} is not one OpenSSH public key line (the .pub file of ${CLIENT_TUNNEL_KEY} on the client)`);
  }
  return text;
}

/**
 * The tunnel account's authorized_keys line on this server: the key may
 * only ask for the remote forward 127.0.0.1:PORT (sshd(8), AUTHORIZED_KEYS
 * FILE FORMAT: `restrict` takes away every forwarding, pty, agent, X11 and
 * rc; `port-forwarding` gives forwarding back; `permitlisten` limits `-R`
 * to that one listen address and port; any command runs `/bin/false`).
 * `port-forwarding` also re-allows `-L`, which the tunnel account's
 * sshd_config block (tunnelSshdConfig) takes away again.
 */
export function tunnelAuthorizedKeyLine(host: ResolvedHost, publicKey: string | undefined): string {
  const key = publicKey ?? `<the one line of ${CLIENT_TUNNEL_KEY}.pub on ${host.name}>`;
  return `restrict,port-forwarding,permitlisten="127.0.0.1:${host.tunnel!.port}",command="/bin/false" ${key}`;
}

/** The sshd_config block for the tunnel account on this server: remote forwards only, never a shell, a local forward or a tty. */
export function tunnelSshdConfig(host: ResolvedHost): string[] {
  return [
    `Match User ${host.tunnel!.account}`,
    "    AllowTcpForwarding remote",
    "    PermitOpen none",
    "    GatewayPorts no",
    "    X11Forwarding no",
    "    AllowAgentForwarding no",
    "    PermitTTY no",
    "    ForceCommand /bin/false",
  ];
}

/** The argv the client's unit runs: `ssh -N -R 127.0.0.1:PORT:127.0.0.1:22 ACCOUNT@SERVER`, exiting when the forward cannot be set up. */
export function tunnelSshArgv(host: ResolvedHost): string[] {
  const tunnel = host.tunnel!;
  return [
    "/usr/bin/ssh",
    "-N",
    "-T",
    "-F",
    "none",
    "-i",
    CLIENT_TUNNEL_KEY,
    "-o",
    "IdentitiesOnly=yes",
    "-o",
    "BatchMode=yes",
    "-o",
    "StrictHostKeyChecking=yes",
    "-o",
    `UserKnownHostsFile=${CLIENT_TUNNEL_KNOWN_HOSTS}`,
    // A forward that cannot be set up (the port taken, the key not allowed it) ends ssh, so systemd tries again instead of keeping a useless link.
    "-o",
    "ExitOnForwardFailure=yes",
    "-o",
    `ServerAliveInterval=${ALIVE_INTERVAL}`,
    "-o",
    `ServerAliveCountMax=${ALIVE_COUNT_MAX}`,
    "-o",
    "ConnectTimeout=30",
    "-p",
    String(tunnel.serverPort),
    "-R",
    `127.0.0.1:${tunnel.port}:127.0.0.1:22`,
    "--",
    `${tunnel.account}@${tunnel.server ?? SERVER_PLACEHOLDER}`,
  ];
}

/** The systemd unit for the client: keeps the tunnel up, restarting it for ever (no start limit). */
export function tunnelUnit(host: ResolvedHost): string[] {
  return [
    "[Unit]",
    `Description=pullbak reverse tunnel: lets the backup server reach this host's sshd (host ${host.name}, port ${host.tunnel!.port})`,
    "Wants=network-online.target",
    "After=network-online.target",
    "StartLimitIntervalSec=0",
    "",
    "[Service]",
    `ExecStart=${tunnelSshArgv(host).join(" ")}`,
    "Restart=always",
    `RestartSec=${RESTART_SEC}`,
    "",
    "[Install]",
    "WantedBy=multi-user.target",
  ];
}

/** What setup-client prints for a tunnelled host: the server side, then the client side. */
export function tunnelInstructions(host: ResolvedHost, publicKey: string | undefined): string[] {
  const tunnel = host.tunnel!;
  const server = tunnel.server ?? SERVER_PLACEHOLDER;
  return [
    `${host.name} opens a reverse tunnel to this server; pullbak reaches it at 127.0.0.1:${tunnel.port} (docs/tunnels.md).`,
    "",
    `On ${host.name}: make the tunnel key (once): ssh-keygen -t ed25519 -N '' -C pullbak-tunnel@${host.name} -f ${CLIENT_TUNNEL_KEY}`,
    `  record this server's host key: ssh-keyscan -p ${tunnel.serverPort} -t ed25519 ${server} > ${CLIENT_TUNNEL_KNOWN_HOSTS}`,
    `  (compare it with ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on this server)`,
    "",
    `On this server, in the authorized_keys of the account ${tunnel.account} (a system account with no password and shell /usr/sbin/nologin):`,
    `  ${tunnelAuthorizedKeyLine(host, publicKey)}`,
    ...(publicKey === undefined ? [`  (pullbak setup-client ${host.name} --tunnel-key FILE fills in the key from a copy of ${CLIENT_TUNNEL_KEY}.pub)`] : []),
    `and in this server's sshd_config (once for all tunnelled hosts):`,
    ...tunnelSshdConfig(host).map((l) => `  ${l}`),
    "",
    `On ${host.name}, as /etc/systemd/system/${TUNNEL_UNIT}, then: systemctl daemon-reload; systemctl enable --now ${TUNNEL_UNIT}`,
    ...(tunnel.server === undefined ? [`  (set hosts.${host.name}.tunnel.server to the name ${host.name} dials this server by, and ${SERVER_PLACEHOLDER} below is filled in)`] : []),
    ...tunnelUnit(host).map((l) => `  ${l}`),
  ];
}
