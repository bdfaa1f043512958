import { connect } from "node:net";
import type { ResolvedHost } from "../config/resolve-host.js";
import { PullbakError } from "../errors.js";
import { escapeControl } from "../text/escape-control.js";

/**
 * Milliseconds the tunnel probe waits for the SSH banner. On loopback a
 * tunnel answers within milliseconds; this bounds a listener that accepts
 * but never speaks, far below a real network's ConnectTimeout.
 */
export const TUNNEL_PROBE_MS = 5000;

/** What to run on the client when its tunnel is down (docs/tunnels.md). */
export function tunnelCheckHint(host: ResolvedHost): string {
  return `on ${host.name}, check the tunnel with: systemctl status pullbak-tunnel; journalctl -u pullbak-tunnel`;
}

/**
 * Connects to a tunnelled host's listen port on this server's loopback and
 * waits (at most `timeoutMs`) for the SSH identification line
 * (`SSH-2.0-...`, RFC 4253 section 4.2) that the client's sshd sends first.
 * Returns that line, control characters escaped (it is the client's text,
 * printed by doctor). At most 256 bytes are read. Throws TUNNEL_DOWN, in one line naming the port and how
 * to check the tunnel on the client, when nothing listens, the connection
 * closes, or no banner comes in time (issue 14: a down tunnel fails the run
 * in seconds, not after ssh's ConnectTimeout). A host without a tunnel
 * returns undefined at once. Nothing is authenticated here: the host key is
 * checked by ssh itself on the real connection.
 */
export async function probeTunnel(host: ResolvedHost, timeoutMs = TUNNEL_PROBE_MS): Promise<string | undefined> {
  if (!host.tunnel) return undefined;
  const port = host.tunnel.port;
  const down = (why: string) => new PullbakError("TUNNEL_DOWN", `host ${host.name}: the tunnel on port ${port} is not up (${why}); ${tunnelCheckHint(host)}`);
  return await new Promise<string>((resolve, reject) => {
    const socket = connect({ host: host.address, port });
    let received = "";
    const finish = (outcome: { banner: string } | { error: PullbakError }) => {
      clearTimeout(timer);
      socket.destroy();
      if ("banner" in outcome) resolve(outcome.banner);
      else reject(outcome.error);
    };
    const timer = setTimeout(() => finish({ error: down(`nothing answered on ${host.address}:${port} within ${timeoutMs / 1000} s`) }), timeoutMs);
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      received += chunk;
      const newline = received.indexOf("\n");
      if (newline === -1 && received.length < 256) return;
      const line = (newline === -1 ? received : received.slice(0, newline)).replace(/\r$/, "");
      if (line.startsWith("SSH-")) finish({ banner: escapeControl(line) });
      else finish({ error: down(`${host.address}:${port} answers, but not as an sshd`) });
    });
    socket.on("error", (error: NodeJS.ErrnoException) => {
      const why = error.code === "ECONNREFUSED" ? `nothing listens on ${host.address}:${port}` : `${host.address}:${port}: ${error.code ?? error.message}`;
      finish({ error: down(why) });
    });
    // The server's sshd accepts the forwarded port while the client's ssh is up; if the client's own sshd is down, the forwarded connection closes at once.
    socket.on("end", () => finish({ error: down(`${host.address}:${port} closed the connection without an SSH banner: the client's ssh is connected, but its sshd did not answer`) }));
  });
}
