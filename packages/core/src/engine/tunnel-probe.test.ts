import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { ResolvedHost } from "../config/resolve-host.js";
import { probeTunnel } from "./tunnel-probe.js";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A loopback listener that treats each connection with `onConnection`; returns its port. */
async function listen(onConnection: (socket: Socket) => void): Promise<number> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    // The probe hangs up on what it does not want to read: a reset here is expected.
    socket.on("error", () => {});
    onConnection(socket);
  });
  server.on("close", () => sockets.forEach((s) => s.destroy()));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

const host = (port: number) => ({ name: "nat1", address: "127.0.0.1", tunnel: { port, account: "pullbak-tunnel", serverPort: 22 } }) as unknown as ResolvedHost;

describe("probeTunnel (issue 14)", () => {
  it("returns the sshd's identification line", async () => {
    const port = await listen((s) => s.write("SSH-2.0-OpenSSH_9.2p1 Debian\r\n"));
    expect(await probeTunnel(host(port))).toBe("SSH-2.0-OpenSSH_9.2p1 Debian");
  });

  it("says in one line that the tunnel is down, and how to check it, when nothing listens", async () => {
    const port = await listen(() => {});
    await new Promise((resolve) => servers.pop()!.close(resolve));
    await expect(probeTunnel(host(port))).rejects.toMatchObject({
      code: "TUNNEL_DOWN",
      message: `host nat1: the tunnel on port ${port} is not up (nothing listens on 127.0.0.1:${port}); on nat1, check the tunnel with: systemctl status pullbak-tunnel; journalctl -u pullbak-tunnel`,
    });
  });

  it("fails when the tunnel is there but the client's sshd is not (closed at once), or something else answers, or nothing does in time", async () => {
    const closing = await listen((s) => s.end());
    await expect(probeTunnel(host(closing))).rejects.toMatchObject({ code: "TUNNEL_DOWN", message: expect.stringContaining("without an SSH banner") });
    const http = await listen((s) => s.write("HTTP/1.1 400 Bad Request\r\n"));
    await expect(probeTunnel(host(http))).rejects.toMatchObject({ code: "TUNNEL_DOWN", message: expect.stringContaining("not as an sshd") });
    const silent = await listen(() => {});
    await expect(probeTunnel(host(silent), 200)).rejects.toMatchObject({ code: "TUNNEL_DOWN", message: expect.stringContaining("within 0.2 s") });
  });

  it("reads at most 256 bytes of a hostile banner and escapes its control characters", async () => {
    const hostile = await listen((s) => s.write("SSH-2.0-\u001b]0;owned\u0007\u001b[2J\r\n"));
    expect(await probeTunnel(host(hostile))).toBe("SSH-2.0-\\x1b]0;owned\\x07\\x1b[2J");
    const endless = await listen((s) => s.write("x".repeat(100_000)));
    await expect(probeTunnel(host(endless))).rejects.toMatchObject({ code: "TUNNEL_DOWN", message: expect.stringContaining("not as an sshd") });
  });

  it("does nothing for a host without a tunnel", async () => {
    expect(await probeTunnel({ name: "a", address: "10.0.0.5" } as unknown as ResolvedHost)).toBeUndefined();
  });
});
