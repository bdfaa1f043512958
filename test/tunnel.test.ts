/**
 * issue 14, "Clients that must open the connection themselves": two lab
 * hosts whose sshd listens on their own loopback only (nothing outside
 * their netns can connect to it) each open a reverse tunnel themselves,
 * running the systemd unit's ssh line that `pullbak setup-client` prints, to
 * a real sshd this test runs for the tunnel account on the server side
 * (listening only on the lab's server-side veth addresses, with the
 * authorized_keys line setup-client printed). pullbak reaches each client
 * at 127.0.0.1:PORT on this server's loopback; run, list and a tar-restore
 * go through it; each host's key is pinned under its own name; swapped
 * tunnels are refused; a down tunnel fails fast with one line.
 */
import { appendFile, chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { connect, createServer } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { loadConfig } from "@pullbak/core";
import { startSshd, stopSshd, type Lab, type LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { execa, type ResultPromise } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onDisk, pullbak, pullbakOk, ROOTS } from "./restore-helpers.js";

/** The server-side sshd's port on the lab's veth addresses (those addresses belong to this lab's slots only). */
const TUNNEL_SSHD_PORT = 2222;
/** The tunnel account: an existing system account with no password and shell nologin, as docs/tunnels.md asks. */
const ACCOUNT = "nobody";
/** Every wait in this file is bounded by this. */
const WAIT_MS = 20_000;

/** The server-side address of a lab host's /30 (its veth peer in the root namespace). */
function serverSide(host: LabHost): string {
  const parts = host.address.split(".").map(Number);
  parts[3] = parts[3]! - 1;
  return parts.join(".");
}

/** Whether a TCP connection to address:port is accepted. */
function accepts(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(3000, () => done(false));
    socket.on("connect", () => done(true));
    socket.on("error", () => done(false));
  });
}

/** A loopback port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor(what: string, condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** The client's sshd listens on 127.0.0.1 inside its netns only: the server cannot connect to it. */
async function listenOnLoopbackOnly(lab: Lab, host: LabHost): Promise<void> {
  await appendFile(join(host.rootDir, "etc/ssh/sshd_config"), "ListenAddress 127.0.0.1\n");
  await stopSshd(host);
  await startSshd(lab, host);
}

describe("hosts reached through a reverse tunnel they open themselves", () => {
  const env = useLab(2);
  let lab: Lab;
  let one: LabHost;
  let two: LabHost;
  let config: string;
  let knownHosts: string;
  let unitArgv: Map<string, string[]>;
  let tunnelSshd: ResultPromise | undefined;
  const ports = new Map<string, number>();
  const tunnels = new Map<string, ResultPromise>();
  let authorizedDir: string | undefined;
  let firstSetup: { exitCode: number; stdout: string; stderr: string };

  /** Runs the unit's ssh line inside the client (its netns, mounts and root), as systemd there would; waits until the tunnel answers. */
  async function openTunnel(host: LabHost, argv: string[]): Promise<void> {
    const tunnel = execa("nsenter", ["--target", String(host.sshdPid), "--mount", "--net", "--uts", "--root", "--wd", "--", ...argv], { stdin: "ignore", reject: false });
    tunnels.set(host.name, tunnel);
    const port = Number(/-R 127\.0\.0\.1:(\d+):/.exec(argv.join(" "))![1]);
    await waitFor(`the tunnel of ${host.name} on port ${port}`, async () => {
      if (tunnel.exitCode !== null) {
        const log = await readFile(join(lab.dir, "tunnel-server/sshd.log"), "utf8").catch(() => "");
        throw new Error(`the tunnel of ${host.name} exited ${tunnel.exitCode}: ${String((await tunnel).stderr)}\n--- server sshd log\n${log.slice(-3000)}`);
      }
      return accepts("127.0.0.1", port);
    });
  }

  async function closeTunnels(): Promise<void> {
    for (const [name, tunnel] of tunnels) {
      tunnel.kill("SIGTERM");
      await tunnel;
      tunnels.delete(name);
    }
    for (const port of ports.values()) await waitFor(`port ${port} to close`, async () => !(await accepts("127.0.0.1", port)));
  }

  beforeAll(async () => {
    lab = env.lab;
    [one, two] = lab.hosts as [LabHost, LabHost];
    const dir = join(lab.dir, "tunnel-server");
    await mkdir(dir, { recursive: true, mode: 0o700 });
    for (const host of [one, two]) {
      await listenOnLoopbackOnly(lab, host);
      ports.set(host.name, await freePort());
    }

    // pullbak's config: both hosts tunnelled, their keys pinned in a fresh known_hosts under their names.
    knownHosts = join(dir, "known_hosts");
    const { config: labConfig } = await loadConfig(lab.configFile);
    const tunnelOf = (host: LabHost) => ({ port: ports.get(host.name)!, account: ACCOUNT, server: serverSide(host), serverPort: TUNNEL_SSHD_PORT });
    const hosts = Object.fromEntries([one, two].map((host) => [host.name, { tunnel: tunnelOf(host) }]));
    config = join(dir, "pullbak.yaml");
    await writeFile(
      config,
      JSON.stringify({ ...labConfig, defaults: { ...labConfig.defaults, sources: [...ROOTS], ssh: { ...labConfig.defaults!.ssh, knownHostsFile: knownHosts } }, hosts }),
    );

    // Each client makes its tunnel key; its .pub reaches the server's admin, who gives it to setup-client.
    unitArgv = new Map();
    const authorizedKeys: string[] = [];
    let matchBlock: string[] = [];
    for (const host of [one, two]) {
      await execa("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", `pullbak-tunnel@${host.name}`, "-f", onDisk(host, "/root/.ssh/pullbak-tunnel")]);
      const setup = await pullbak(config, "setup-client", host.name, "--tunnel-key", onDisk(host, "/root/.ssh/pullbak-tunnel.pub"));
      if (host === one) firstSetup = setup;
      const lines = setup.stdout.split("\n").map((l) => l.trim());
      authorizedKeys.push(lines.find((l) => l.startsWith("restrict,port-forwarding,"))!);
      unitArgv.set(host.name, lines.find((l) => l.startsWith("ExecStart="))!.slice("ExecStart=".length).split(" "));
      const match = lines.indexOf(`Match User ${ACCOUNT}`);
      matchBlock = lines.slice(match, match + 8);
    }

    // The server side: a real sshd for the tunnel account, on the lab's server-side addresses only.
    await execa("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, "host_key")]);
    // sshd reads authorized_keys as the account itself: the lab dir (0700) is closed to it.
    authorizedDir = await mkdtemp(join(tmpdir(), "pullbak-tunnel-keys-"));
    await chmod(authorizedDir, 0o755);
    await writeFile(join(authorizedDir, ACCOUNT), `${authorizedKeys.join("\n")}\n`, { mode: 0o644 });
    await writeFile(
      join(dir, "sshd_config"),
      [
        ...[one, two].map((host) => `ListenAddress ${serverSide(host)}:${TUNNEL_SSHD_PORT}`),
        `HostKey ${join(dir, "host_key")}`,
        `PidFile ${join(dir, "sshd.pid")}`,
        `AuthorizedKeysFile ${authorizedDir}/%u`,
        // The lab dir is under /tmp (mode 1777), which StrictModes would refuse; the file itself is root's, 0644.
        "StrictModes no",
        "UsePAM no",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        `AllowUsers ${ACCOUNT}`,
        "LogLevel VERBOSE",
        ...matchBlock,
        "",
      ].join("\n"),
    );
    // sshd's privilege separation dir, as Debian's ssh.service makes it (RuntimeDirectory=sshd).
    await mkdir("/run/sshd", { recursive: true, mode: 0o755 });
    tunnelSshd = execa("/usr/sbin/sshd", ["-D", "-E", join(dir, "sshd.log"), "-f", join(dir, "sshd_config")], { stdin: "ignore", reject: false });
    await waitFor("the tunnel account's sshd", async () => {
      if (tunnelSshd!.exitCode !== null) throw new Error(`the tunnel account's sshd exited ${tunnelSshd!.exitCode}: ${String((await tunnelSshd!).stderr)}`);
      return accepts(serverSide(one), TUNNEL_SSHD_PORT);
    });

    // Each client pins this server's host key for its tunnel (docs/tunnels.md: compare it out of band).
    const serverKey = (await readFile(join(dir, "host_key.pub"), "utf8")).split(" ").slice(0, 2).join(" ");
    for (const host of [one, two]) {
      await writeFile(onDisk(host, "/root/.ssh/pullbak-tunnel.known_hosts"), `[${serverSide(host)}]:${TUNNEL_SSHD_PORT} ${serverKey}\n`, { mode: 0o600 });
      await openTunnel(host, unitArgv.get(host.name)!);
    }
    for (const host of [one, two]) await pullbakOk(config, "setup-client", host.name);
    await pullbakOk(config, "init", one.name);
    await pullbakOk(config, "run", one.name);
  }, 240_000);

  afterAll(async () => {
    for (const tunnel of tunnels.values()) tunnel.kill("SIGKILL");
    tunnelSshd?.kill("SIGTERM");
    await tunnelSshd;
    if (authorizedDir !== undefined) await rm(authorizedDir, { recursive: true, force: true });
  });

  it("setup-client prints the tunnel account's line for exactly that port, and a unit that keeps the tunnel up", async () => {
    // The tunnel was not up yet: the host key could not be recorded, which setup-client says (exit 1).
    expect(firstSetup.exitCode).toBe(1);
    expect(firstSetup.stdout).toContain(`the tunnel on port ${ports.get(one.name)} is not up`);
    const publicKey = (await readFile(onDisk(one, "/root/.ssh/pullbak-tunnel.pub"), "utf8")).trim();
    expect(firstSetup.stdout).toContain(`restrict,port-forwarding,permitlisten="127.0.0.1:${ports.get(one.name)}",command="/bin/false" ${publicKey}`);
    for (const line of ["ExitOnForwardFailure=yes", "ServerAliveInterval=", "ServerAliveCountMax=", "Restart=always", "RestartSec=", `-R 127.0.0.1:${ports.get(one.name)}:127.0.0.1:22`]) {
      expect(firstSetup.stdout).toContain(line);
    }
  });

  it("the client's sshd is not reachable from the server except through its tunnel", async () => {
    expect(await accepts(one.address, one.port)).toBe(false);
    expect(await accepts("127.0.0.1", ports.get(one.name)!)).toBe(true);
  });

  it("the tunnel account's key may listen on its own port only", async () => {
    const other = ports.get(two.name)!;
    const argv = unitArgv.get(one.name)!.map((word) => word.replace(`127.0.0.1:${ports.get(one.name)}:`, `127.0.0.1:${other}:`));
    const refused = await execa("nsenter", ["--target", String(one.sshdPid), "--mount", "--net", "--uts", "--root", "--wd", "--", ...argv], { stdin: "ignore", reject: false, timeout: WAIT_MS });
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toMatch(/remote port forwarding failed/i);
    // Refused by the key's permitlisten, not because lab2's tunnel holds the port.
    const log = await readFile(join(lab.dir, "tunnel-server/sshd.log"), "utf8");
    expect(log).toContain(`to remote forward to host 127.0.0.1 port ${other}, but the request was denied`);
  });

  it("pins each host's key under its own name, never [127.0.0.1]:PORT", async () => {
    const text = await readFile(knownHosts, "utf8");
    const names = text.split("\n").filter(Boolean).map((line) => line.split(" ")[0]);
    expect(names.sort()).toEqual([one.name, two.name].sort());
    const keyOf = async (host: LabHost) => (await readFile(join(host.rootDir, "etc/ssh/ssh_host_ed25519_key.pub"), "utf8")).split(" ")[1];
    expect(text).toContain(`${one.name} ssh-ed25519 ${await keyOf(one)}`);
    expect(text).toContain(`${two.name} ssh-ed25519 ${await keyOf(two)}`);
  });

  it("backs up, lists and tar-restores through the tunnel", async () => {
    const list = await pullbakOk(config, "list", one.name);
    expect(list.stdout).toContain(`${one.name}-`);
    const victim = onDisk(one, "/srv/data/www/index.html");
    const before = await readFile(victim);
    await rm(victim);
    await pullbakOk(config, "restore", one.name, "--archive", "latest", "--plugin", "tar-restore", "/srv/data/www");
    expect(await readFile(victim)).toEqual(before);
  });

  it("doctor says the tunnel is up with the pinned key", async () => {
    const doctor = await pullbak(config, "doctor", one.name);
    expect(doctor.stdout).toMatch(/tunnel.*up: 127\.0\.0\.1:\d+ answers as SSH-2\.0-/);
  });

  it("refuses a host whose tunnel carries another host's sshd (ports swapped in the config)", async () => {
    // The tunnel account's keys cannot swap ports (permitlisten, above); a config that swaps them must still never reach the wrong host.
    const { config: current } = await loadConfig(config);
    const swapped = join(lab.dir, "tunnel-server/swapped.yaml");
    const hosts = { [one.name]: { tunnel: { ...current.hosts[one.name]!.tunnel!, port: ports.get(two.name)! } }, [two.name]: { tunnel: { ...current.hosts[two.name]!.tunnel!, port: ports.get(one.name)! } } };
    await writeFile(swapped, JSON.stringify({ ...current, hosts }));
    const result = await pullbak(swapped, "run", one.name);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`host ${one.name}: the host key offered by the tunnel on 127.0.0.1:${ports.get(two.name)} does not match the one recorded`);
    expect(result.stderr).toContain("another host's tunnel may hold this port");
    const doctor = await pullbak(swapped, "doctor", two.name);
    expect(doctor.stdout).toContain(`not with the key pinned for ${two.name}`);
    expect(await readFile(knownHosts, "utf8")).not.toContain("127.0.0.1");
  });

  it("a down tunnel fails the run at once, saying which tunnel and how to check it", async () => {
    await closeTunnels();
    const result = await pullbak(config, "run", one.name);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`host ${one.name}: the tunnel on port ${ports.get(one.name)} is not up`);
    expect(result.stderr).toContain("systemctl status pullbak-tunnel");
  });
});
