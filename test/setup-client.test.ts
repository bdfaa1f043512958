/**
 * `pullbak setup-client`, as an admin uses it on a new client: it makes the
 * keys, records the client's host key (showing the fingerprint to compare
 * with the client's console), and prints what the client's admin installs;
 * `--authorized-keys` prints only the key lines, ready for the file.
 */
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadConfig } from "@pullbak/core";
import type { Lab, LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { pullbak } from "./support/pullbak.js";

/** The forced command each purpose's key is pinned to, as the restore methods declare them. */
const FORCED = {
  backup: "internal-sftp -R",
  tar: "tar --extract --preserve-permissions --same-owner --directory=/ --file=-",
  restore: "internal-sftp",
};

/** `SHA256:…` of a public key file, as `ssh-keygen -lf` shows it. */
async function fingerprintOf(publicKeyFile: string): Promise<string> {
  const { stdout } = await execa("ssh-keygen", ["-lf", publicKeyFile]);
  return stdout.split(" ")[1]!;
}

/** The lab's config with pullbak's own files (keys, known_hosts) moved to a fresh directory. */
async function freshServerConfig(lab: Lab, name: string): Promise<{ file: string; keys: Record<keyof typeof FORCED, string>; knownHosts: string }> {
  const dir = join(lab.dir, name);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const keys = { backup: join(dir, "keys/backup_ed25519"), restore: join(dir, "keys/restore_ed25519"), tar: join(dir, "keys/tar_ed25519") };
  const knownHosts = join(dir, "known_hosts");
  const { config } = await loadConfig(lab.configFile);
  const ssh = { ...config.defaults?.ssh, identityFile: keys.backup, knownHostsFile: knownHosts, keys: { restore: keys.restore, tar: keys.tar } };
  const file = join(dir, "pullbak.yaml");
  await writeFile(file, JSON.stringify({ ...config, defaults: { ...config.defaults, ssh } }));
  return { file, keys, knownHosts };
}

describe("pullbak setup-client", () => {
  const env = useLab(1);
  let host: LabHost;

  beforeAll(() => {
    host = env.lab.hosts[0]!;
  });

  it("--authorized-keys prints exactly one restrict,command= line per key, nothing else", async () => {
    const result = await pullbak(["--config", env.lab.configFile, "setup-client", host.name, "--authorized-keys"]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    // (the runner strips the final newline, so this is every line there is)
    const lines = String(result.stdout).split("\n");
    const expected = await Promise.all(
      (Object.keys(FORCED) as Array<keyof typeof FORCED>).map(async (purpose) => {
        const publicKey = (await readFile(`${env.lab.keys[purpose]}.pub`, "utf8")).trim();
        return `restrict,command="${FORCED[purpose]}" ${publicKey}`;
      }),
    );
    expect(lines).toEqual(expected);
    // They are the very lines the lab installed on its hosts by hand.
    const installed = (await readFile(join(host.rootDir, "root/.ssh/authorized_keys"), "utf8")).trim().split("\n");
    expect([...lines].sort()).toEqual([...installed].sort());
  });

  it("on first contact makes 0600 keys, records the host key into an empty known_hosts showing its fingerprint, and prints the sshd_config lines", async () => {
    const { file, keys, knownHosts } = await freshServerConfig(env.lab, "first-contact");
    await writeFile(knownHosts, "", { mode: 0o600 });
    const hostKey = await fingerprintOf(join(host.rootDir, "etc/ssh/ssh_host_ed25519_key.pub"));

    const result = await pullbak(["--config", file, "setup-client", host.name]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const out = String(result.stdout);
    expect(out).toContain(`recorded the host key of ${host.name} in ${knownHosts}: ${hostKey} (ED25519)`);
    for (const purpose of Object.keys(FORCED) as Array<keyof typeof FORCED>) {
      expect(out).toContain(`created ${purpose} key ${keys[purpose]}`);
      expect((await stat(keys[purpose])).mode & 0o777).toBe(0o600);
      const publicKey = (await readFile(`${keys[purpose]}.pub`, "utf8")).trim();
      expect(out).toContain(`  restrict,command="${FORCED[purpose]}" ${publicKey}\n`);
    }
    for (const line of ["PermitRootLogin forced-commands-only", "PasswordAuthentication no", "KbdInteractiveAuthentication no"]) {
      expect(out).toContain(`  ${line}\n`);
    }
    // The recorded entry is the host's key, under the name ssh looks it up by.
    const recorded = await execa("ssh-keygen", ["-l", "-F", host.address, "-f", knownHosts]);
    expect(recorded.stdout).toContain(hostKey);

    // Run again: the key is recognised, nothing is appended, no key is remade.
    const before = await readFile(knownHosts, "utf8");
    const again = await pullbak(["--config", file, "setup-client", host.name]);
    expect(again.exitCode).toBe(0);
    expect(String(again.stdout)).toContain(`already recorded the host key of ${host.name}`);
    expect(String(again.stdout)).toContain(`using backup key ${keys.backup}`);
    expect(await readFile(knownHosts, "utf8")).toBe(before);
  });

  it("gives what a new client needs: with its printed lines installed, doctor passes", async () => {
    const { file } = await freshServerConfig(env.lab, "new-client");
    const lines = await pullbak(["--config", file, "setup-client", host.name, "--authorized-keys"]);
    expect(lines.exitCode).toBe(0);
    const setup = await pullbak(["--config", file, "setup-client", host.name]);
    expect(setup.exitCode).toBe(0);
    const authorizedKeys = join(host.rootDir, "root/.ssh/authorized_keys");
    const labLines = await readFile(authorizedKeys, "utf8");
    await writeFile(authorizedKeys, String(lines.stdout));
    try {
      expect((await pullbak(["--config", file, "init", host.name])).exitCode).toBe(0);
      const doctor = await pullbak(["--config", file, "doctor", host.name]);
      expect(doctor.stdout).not.toMatch(/^(FAIL|skip)/m);
      expect(doctor.exitCode).toBe(0);
    } finally {
      await writeFile(authorizedKeys, labLines);
    }
  });

  it("refuses a private key that group or others can read, and prints no key line", async () => {
    const { file, keys } = await freshServerConfig(env.lab, "loose-key");
    expect((await pullbak(["--config", file, "setup-client", host.name, "--authorized-keys"])).exitCode).toBe(0);
    await chmod(keys.tar, 0o640);

    for (const args of [["--authorized-keys"], []]) {
      const result = await pullbak(["--config", file, "setup-client", host.name, ...args]);
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(`${keys.tar}: private key is readable by group or others (mode 640); chmod 600 ${keys.tar}`);
    }
  });
});
