/**
 * Issue 14: each host gets the strategy that fits it, and one
 * `pullbak run --all` backs up a fleet that mixes them: sshfs + chroot,
 * sshfs + none, tar-stream (+ none) and a host reached through a tunnel port
 * on the server's loopback (sshfs + chroot). Each archive holds the client's
 * files, with the client's own names where the strategy records them.
 *
 * The tunnelled host's port is a TCP relay this test runs on 127.0.0.1 to
 * the host's sshd: from pullbak's side exactly what a client's
 * `ssh -R 127.0.0.1:PORT:127.0.0.1:22` gives. That the client can open the
 * tunnel itself, with the restricted account setup-client prints, is
 * test/tunnel.test.ts's part.
 */
import { appendFile, readFile, writeFile } from "node:fs/promises";
import { createServer, connect, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { loadConfig } from "@pullbak/core";
import type { LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onDisk, pullbak, pullbakOk } from "./restore-helpers.js";

interface Entry {
  path: string;
  user: string;
  group: string;
  uid: number;
}

const SOURCES = ["/srv/data"];
const env = useLab(4);
let relay: Server | undefined;
const sockets = new Set<Socket>();

/** A TCP relay on 127.0.0.1 (a port the kernel picks) to `host`'s sshd; resolves to its port. */
async function relayTo(host: LabHost): Promise<number> {
  relay = createServer((inbound) => {
    const outbound = connect({ host: host.address, port: host.port });
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => relay!.listen(0, "127.0.0.1", resolve));
  return (relay.address() as { port: number }).port;
}

describe("one run --all over a fleet that mixes strategies", () => {
  let hosts: Record<"chroot" | "none" | "tarStream" | "tunnelled", LabHost>;
  let config: string;
  let night: { exitCode: number; stdout: string; stderr: string };

  beforeAll(async () => {
    const lab = env.lab;
    const [a, b, c, d] = lab.hosts as [LabHost, LabHost, LabHost, LabHost];
    hosts = { chroot: a, none: b, tarStream: c, tunnelled: d };
    const port = await relayTo(d);
    // The tunnelled host is pinned under its name (HostKeyAlias), never under 127.0.0.1:PORT.
    const knownHosts = join(lab.dir, "known_hosts");
    const pinned = (await readFile(knownHosts, "utf8")).split("\n").find((line) => line.split(" ")[0] === d.address || line.startsWith(`[${d.address}]:`));
    if (!pinned) throw new Error(`no known_hosts line for ${d.address}`);
    await appendFile(knownHosts, `${d.name} ${pinned.split(" ").slice(1).join(" ")}\n`);

    const { config: base } = await loadConfig(lab.configFile);
    const mixed = {
      ...base,
      defaults: { ...base.defaults, sources: SOURCES, ssh: { ...base.defaults?.ssh, keys: { ...base.defaults?.ssh?.keys, "tar-stream": join(lab.dir, "keys", "tar-stream") } } },
      hosts: {
        [a.name]: { address: a.address, port: a.port },
        [b.name]: { address: b.address, port: b.port, isolation: "none" },
        [c.name]: { address: c.address, port: c.port, transport: "tar-stream", isolation: "none", restorer: "tar-restore" },
        [d.name]: { tunnel: { port } },
      },
    };
    config = join(lab.dir, "mixed.yaml");
    await writeFile(config, `${JSON.stringify(mixed, null, 2)}\n`);

    // The tar-stream host's forced tar line, as setup-client prints it for the admin to install.
    const printed = await pullbakOk(config, "setup-client", c.name, "--authorized-keys");
    const tarLines = printed.stdout.split("\n").filter((line) => line.includes("--create"));
    expect(tarLines).toHaveLength(1);
    await appendFile(onDisk(c, "/root/.ssh/authorized_keys"), `${tarLines[0]}\n`);

    const check = await pullbak(config, "check-config");
    expect(check.exitCode, check.stdout + check.stderr).toBe(0);
    for (const host of [a, b, c, d]) await pullbakOk(config, "init", host.name);
    night = await pullbak(config, "run", "--all", "--jobs", "4", "--json");
  }, 300_000);

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => (relay ? relay.close(resolve) : resolve(undefined)));
  });

  it("backs every host up: exit 0, each host ok with an archive of its own", () => {
    expect(night.exitCode, night.stderr).toBe(0);
    const doc = JSON.parse(night.stdout) as { exitCode: number; hosts: Array<{ host: string; result: string; archive?: string }> };
    const byHost = new Map(doc.hosts.map((h) => [h.host, h]));
    for (const host of Object.values(hosts)) {
      expect(byHost.get(host.name), night.stdout).toMatchObject({ result: "ok", archive: expect.stringMatching(new RegExp(`^${host.name}-`)) });
    }
  });

  it("each archive holds the client's files; chroot, tar-stream and the tunnelled host record the client's own names", async () => {
    for (const [strategy, host] of Object.entries(hosts)) {
      const listed = await pullbakOk(config, "list", host.name, "--archive", "latest", "--json");
      const plan = (JSON.parse(listed.stdout) as Entry[]).find((entry) => `/${entry.path}` === "/srv/data/team/plan.txt");
      expect(plan, `${strategy}: ${host.name}`).toBeDefined();
      expect(plan!.uid, strategy).toBe(1000);
      // Isolation none looks names up in the server's own passwd, where uid 1000 is not carol.
      if (strategy !== "none") expect(plan, strategy).toMatchObject({ user: "carol", group: "clientonly" });
    }
  });
});
