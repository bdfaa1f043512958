/**
 * When a backup cannot or must not happen, `pullbak run` says why in terms
 * the admin can act on, and leaves nothing behind: a changed or unknown host
 * key, a host that does not answer, a key the client refuses, a client that
 * already has pullbak's own path, a mount left over by a killed run.
 */
import { lstat, mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { loadConfig } from "@pullbak/core";
import type { Lab, LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { pullbakWithConfig as pullbak } from "./support/pullbak.js";

const env = useLab(1);

type HostSsh = { port?: number; ssh?: Record<string, unknown>; repository?: Record<string, unknown> };

/** The lab's config, narrowed to the seeded data, with this host's ssh settings changed. */
async function configWith(lab: Lab, name: string, host: HostSsh): Promise<string> {
  const { config } = await loadConfig(lab.configFile);
  const labHost = lab.hosts[0]!;
  const hosts = { [labHost.name]: { ...config.hosts[labHost.name], ...host } };
  const file = join(lab.dir, `failure-${name}.yaml`);
  await writeFile(file, `${JSON.stringify({ ...config, defaults: { ...config.defaults, sources: ["/srv/data"] }, hosts }, null, 2)}\n`);
  return file;
}

async function fingerprint(publicKeyFile: string): Promise<string> {
  return (await execa("ssh-keygen", ["-l", "-f", publicKeyFile])).stdout.split(" ")[1]!;
}

async function leftovers(lab: Lab, host: LabHost): Promise<string[]> {
  for (let attempt = 0; ; attempt++) {
    const mounts = (await readFile("/proc/self/mountinfo", "utf8")).split("\n").filter((line) => line.includes(lab.dir) || line.includes(`${host.address}:`));
    if (mounts.length === 0 || attempt === 50) return mounts;
    await sleep(100);
  }
}

describe("a backup that cannot or must not happen", () => {
  let lab: Lab;
  let host: LabHost;

  beforeAll(async () => {
    lab = env.lab;
    host = lab.hosts[0]!;
    const init = await pullbak(lab.configFile, "init", host.name);
    expect(init.exitCode, init.stderr).toBe(0);
  });

  it("refuses a changed host key, naming the host and both fingerprints", async () => {
    const impostor = join(lab.dir, "impostor_host_key");
    await execa("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", impostor]);
    const knownHosts = join(lab.dir, "known_hosts.swapped");
    const [type, key] = (await readFile(`${impostor}.pub`, "utf8")).split(" ");
    const name = host.port === 22 ? host.address : `[${host.address}]:${host.port}`;
    await writeFile(knownHosts, `${name} ${type} ${key}\n`);
    const result = await pullbak(await configWith(lab, "swapped-key", { ssh: { knownHostsFile: knownHosts } }), "run", host.name);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`host ${host.name}: the host key offered by ${host.address}:${host.port} does not match`);
    expect(result.stderr).toContain(`Known: ED25519 ${await fingerprint(`${impostor}.pub`)}`);
    const real = (await execa("ssh-keygen", ["-l", "-F", name, "-f", lab.knownHostsFile])).stdout.match(/SHA256:\S+/)![0];
    expect(result.stderr).toContain(`offered: ED25519 ${real}`);
    expect(await leftovers(lab, host)).toEqual([]);
  });

  it("refuses a host whose key is not known, showing what it offers", async () => {
    const knownHosts = join(lab.dir, "known_hosts.empty");
    await writeFile(knownHosts, "");
    const result = await pullbak(await configWith(lab, "unknown-key", { ssh: { knownHostsFile: knownHosts } }), "run", host.name);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/no host key for .* is recorded in .*known_hosts\.empty.*Known: \(none\); offered: ED25519 SHA256:/);
  });

  it("stops before touching the client when the host has no repository yet, and says to run init", async () => {
    const missing = join(lab.dir, "never-initialised");
    const result = await pullbak(await configWith(lab, "no-repository", { repository: { path: missing } }), "run", host.name);
    expect(result.exitCode).toBe(2);
    // One line says what is wrong and what to do (after the plain "started" line a run prints off a terminal).
    const errors = result.stderr.split("\n").filter((line) => line.startsWith("pullbak: "));
    expect(errors).toEqual([`pullbak: host ${host.name}: no borg repository at ${missing}; create it with: pullbak init ${host.name}`]);
    await expect(readFile(join(missing, "config"))).rejects.toThrow();
    expect(await leftovers(lab, host)).toEqual([]);
  });

  it("says a host does not answer, with its address and port", async () => {
    const result = await pullbak(await configWith(lab, "closed-port", { port: 2 }), "run", host.name);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`host ${host.name}: cannot reach ${host.address}:2: ssh: connect to host ${host.address} port 2: Connection refused`);
  });

  it("names the key a client refuses", async () => {
    const stranger = join(lab.dir, "stranger_key");
    await execa("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", stranger]);
    const result = await pullbak(await configWith(lab, "stranger-key", { ssh: { identityFile: stranger } }), "run", host.name);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`refused the key ${stranger}`);
    expect(result.stderr).toContain("Permission denied (publickey");
  });

  it("refuses a client that already has /.pullbak, and follows nothing there", async () => {
    const planted = join(host.rootDir, ".pullbak");
    const canary = join(lab.dir, "canary");
    await mkdir(canary);
    await symlink(canary, planted);
    try {
      const result = await pullbak(lab.configFile, "run", host.name);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(`host ${host.name}: the client already has /.pullbak (a symbolic link)`);
      expect(await leftovers(lab, host)).toEqual([]);
      expect(await execa("ls", ["-A", canary]).then((r) => r.stdout)).toBe("");
    } finally {
      await rm(planted);
    }
  });

  it("detaches a mount a killed run left on the mount point, says so, and backs up", async () => {
    const { config } = await loadConfig(lab.configFile);
    const mountPoint = join(config.stateDir!, "hosts", host.name, "client");
    await mkdir(mountPoint, { recursive: true });
    await execa("mount", ["-t", "tmpfs", "-o", "size=1m", "leftover-of-a-killed-run", mountPoint]);
    const result = await pullbak(await configWith(lab, "leftover", {}), "run", host.name);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain(`${mountPoint} is still mounted (1x), left over from an earlier run that did not finish; detaching it lazily`);
    expect(await leftovers(lab, host)).toEqual([]);
    expect((await lstat(mountPoint)).isDirectory()).toBe(true);
  });
});
