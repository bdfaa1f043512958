import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configSchema, resolveHost } from "@pullbak/core";
import { describe, expect, it } from "vitest";
import { readTunnelPublicKey, tunnelAuthorizedKeyLine, tunnelUnit } from "./tunnel-setup.js";

const host = resolveHost(configSchema.parse({ version: 1, hosts: { nat1: { tunnel: { port: 40022, server: "backup.example.org" } } } }), "nat1", "f");
const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBm0v1Lw5JX5bZ9R0W2p8u3Hh1pNh3Ff1PjH6jz2kq3x pullbak-tunnel@nat1";

describe("what setup-client prints for a tunnelled host (issue 14)", () => {
  it("restricts the tunnel account's key to listening on that one loopback port", () => {
    expect(tunnelAuthorizedKeyLine(host, KEY)).toBe(`restrict,port-forwarding,permitlisten="127.0.0.1:40022",command="/bin/false" ${KEY}`);
  });

  it("keeps the tunnel up: exit on a failed forward, keepalives, restart for ever", () => {
    const unit = tunnelUnit(host).join("\n");
    expect(unit).toContain("ExecStart=/usr/bin/ssh -N -T -F none -i /root/.ssh/pullbak-tunnel");
    expect(unit).toContain("-o StrictHostKeyChecking=yes");
    expect(unit).toContain("-o ExitOnForwardFailure=yes -o ServerAliveInterval=15 -o ServerAliveCountMax=3");
    expect(unit).toContain("-p 22 -R 127.0.0.1:40022:127.0.0.1:22 -- pullbak-tunnel@backup.example.org");
    expect(unit).toMatch(/Restart=always\nRestartSec=10/);
    expect(unit).toContain("StartLimitIntervalSec=0");
  });

  it("takes one public key line and nothing that could add options", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pullbak-tunnel-key-"));
    const good = join(dir, "good.pub");
    await writeFile(good, `${KEY}\n`);
    expect(await readTunnelPublicKey(good)).toBe(KEY);
    for (const [name, text] of [
      ["options", `command="sh" ${KEY}`],
      ["two", `${KEY}\n${KEY}`],
      ["quote", `${KEY} "x`],
    ]) {
      const file = join(dir, `${name}.pub`);
      await writeFile(file, text);
      await expect(readTunnelPublicKey(file)).rejects.toMatchObject({ code: "USAGE" });
    }
  });
});
