/**
 * A client whose host key changes (reinstalled, or someone in the middle)
 * is refused by everything that connects to it, with a message naming the
 * host and both fingerprints, and nothing is trusted or re-recorded.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadConfig } from "@pullbak/core";
import { startSshd, stopSshd, type LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { pullbak } from "./support/pullbak.js";

const HOST_KEY = "etc/ssh/ssh_host_ed25519_key";

async function fingerprintOf(publicKeyFile: string): Promise<string> {
  const { stdout } = await execa("ssh-keygen", ["-lf", publicKeyFile]);
  return stdout.split(" ")[1]!;
}

/** Mounts anywhere under `dir` in the server's mount table. */
async function mountsUnder(dir: string): Promise<string[]> {
  const table = await readFile("/proc/self/mountinfo", "utf8");
  return table
    .split("\n")
    .map((line) => line.split(" ")[4] ?? "")
    .filter((mountPoint) => mountPoint.startsWith(`${dir}/`));
}

describe("a client whose host key changed", () => {
  const env = useLab(1);
  let host: LabHost;
  let config: string;
  let oldKey: string;
  let newKey: string;
  let knownHostsBefore: string;

  beforeAll(async () => {
    host = env.lab.hosts[0]!;
    // Only the seeded data: the lab's "/" includes the server's whole /usr.
    const { config: labConfig } = await loadConfig(env.lab.configFile);
    config = join(env.lab.dir, "host-key.yaml");
    await writeFile(config, JSON.stringify({ ...labConfig, defaults: { ...labConfig.defaults, sources: ["/srv/data"] } }));
    for (const command of [["init", host.name], ["run", host.name]]) {
      const result = await pullbak(["--config", config, ...command]);
      expect(result.exitCode, `${command.join(" ")}: ${String(result.stderr)}`).toBe(0);
    }

    oldKey = await fingerprintOf(join(host.rootDir, `${HOST_KEY}.pub`));
    await stopSshd(host);
    await rm(join(host.rootDir, HOST_KEY));
    await rm(join(host.rootDir, `${HOST_KEY}.pub`));
    await execa("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", host.hostname, "-f", join(host.rootDir, HOST_KEY)]);
    await startSshd(env.lab, host);
    newKey = await fingerprintOf(join(host.rootDir, `${HOST_KEY}.pub`));
    expect(newKey).not.toBe(oldKey);
    knownHostsBefore = await readFile(env.lab.knownHostsFile, "utf8");
  });

  it("`pullbak run` refuses it, naming the host and both fingerprints, and leaves no mount", async () => {
    const result = await pullbak(["--config", config, "run", host.name]);
    expect(result.exitCode).toBe(2);
    const said = String(result.stderr);
    expect(said).toContain(host.name);
    expect(said).toContain(oldKey);
    expect(said).toContain(newKey);
    expect(await mountsUnder(env.lab.dir)).toEqual([]);
    expect(await readFile(env.lab.knownHostsFile, "utf8")).toBe(knownHostsBefore);
  });

  it("`pullbak setup-client` refuses to record it, naming both fingerprints", async () => {
    const result = await pullbak(["--config", config, "setup-client", host.name]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    const said = String(result.stderr);
    expect(said).toContain(`host ${host.name} (${host.address}): the host key changed`);
    expect(said).toContain(oldKey);
    expect(said).toContain(newKey);
    expect(said).toContain(`ssh-keygen -R '${host.address}'`);
    expect(await readFile(env.lab.knownHostsFile, "utf8")).toBe(knownHostsBefore);
  });

  it("`pullbak doctor` names it and checks nothing else over the network", async () => {
    const result = await pullbak(["--config", config, "doctor", host.name, "--json"]);
    expect(result.exitCode).toBe(2);
    const { checks } = JSON.parse(String(result.stdout)) as { checks: Array<{ id: string; status: string; detail: string }> };
    const hostKey = checks.find((c) => c.id === "host-key")!;
    expect(hostKey.status).toBe("fail");
    expect(hostKey.detail).toContain(oldKey);
    expect(hostKey.detail).toContain(newKey);
    expect(checks.filter((c) => c.status === "skip").map((c) => c.id)).toEqual([
      "backup-key",
      "backup-key-read-only",
      "backup-key-restricted",
      "password-login",
      "sshd-config",
      "key-tar",
      "key-restore",
      "login-shell",
      "borg-client",
    ]);
    expect(checks.find((c) => c.id === "repository")!.status).toBe("ok");
  });
});
