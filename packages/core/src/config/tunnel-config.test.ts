import { describe, expect, it } from "vitest";
import { resolveHost } from "./resolve-host.js";
import { configSchema } from "./schema.js";
import { sshDestination } from "./ssh-destination.js";

const parse = (hosts: unknown, defaults: unknown = {}) => configSchema.safeParse({ version: 1, defaults, hosts });
const messages = (result: ReturnType<typeof parse>) => (result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));

describe("tunnel: a client that opens the connection itself (issue 14)", () => {
  it("is reached at 127.0.0.1:PORT with its key pinned under its name", () => {
    const config = parse({ nat1: { tunnel: { port: 40022 } } }, { ssh: { port: 2222 } }).data!;
    const host = resolveHost(config, "nat1", "f");
    expect(host).toMatchObject({ address: "127.0.0.1", ssh: { port: 40022 }, tunnel: { port: 40022, account: "pullbak-tunnel", serverPort: 22 } });
    expect(sshDestination(host)).toEqual({
      address: "127.0.0.1",
      port: 40022,
      knownHostsName: "nat1",
      hostKeyOptions: ["HostKeyAlias=nat1", "CheckHostIP=no"],
      tunnelPort: 40022,
      label: "the tunnel on 127.0.0.1:40022",
    });
  });

  it("leaves a direct host as OpenSSH names it", () => {
    const config = parse({ a: { address: "10.0.0.5" }, b: { address: "2001:db8::5", port: 2222 } }).data!;
    expect(sshDestination(resolveHost(config, "a", "f"))).toMatchObject({ address: "10.0.0.5", port: 22, knownHostsName: "10.0.0.5", hostKeyOptions: [], label: "10.0.0.5:22" });
    expect(sshDestination(resolveHost(config, "b", "f"))).toMatchObject({ knownHostsName: "[2001:db8::5]:2222", label: "[2001:db8::5]:2222" });
  });

  it("refuses two hosts on one tunnel port, an address or port next to a tunnel, and a host with neither", () => {
    expect(messages(parse({ a: { tunnel: { port: 40022 } }, b: { tunnel: { port: 40022 } } }))).toEqual([
      "hosts.b.tunnel.port: port 40022 is already the tunnel port of host a; each tunnelled host needs its own",
    ]);
    expect(messages(parse({ a: { address: "10.0.0.5", tunnel: { port: 40022 } } }))).toEqual([
      "hosts.a.address: a tunnelled host is reached at 127.0.0.1:40022 on this server; remove address",
    ]);
    expect(messages(parse({ a: { ssh: { port: 22 }, tunnel: { port: 40022 } } }))).toEqual([
      "hosts.a.ssh.port: a tunnelled host is reached at 127.0.0.1:40022 on this server; remove ssh.port",
    ]);
    expect(messages(parse({ a: {} }))[0]).toMatch(/^hosts\.a\.address: expected an address/);
    // A privileged port needs root as the tunnel account; a tunnel in defaults would give every host one port.
    expect(parse({ a: { tunnel: { port: 22 } } }).success).toBe(false);
    expect(parse({ a: { address: "x" } }, { tunnel: { port: 40022 } }).success).toBe(false);
  });
});
