/**
 * `pullbak doctor`, as an admin uses it: on a client set up the way the docs
 * say, every check passes; on clients with the usual mistakes (password
 * login left on by an Include, a backup key without its restrictions, the
 * wrong passphrase) it fails and names each one.
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadConfig } from "@pullbak/core";
import { startSshd, stopSshd, type Lab, type LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { pullbak } from "./support/pullbak.js";

interface Check {
  id: string;
  title: string;
  status: "ok" | "fail" | "skip";
  detail: string;
  fix?: string;
}

const ALL_CHECKS = [
  "host-key",
  "backup-key",
  "backup-key-read-only",
  "backup-key-restricted",
  "password-login",
  "sshd-config",
  // issue 15 (keys): every other configured key, and root's login shell.
  "key-tar",
  "key-restore",
  "login-shell",
  "sshfs",
  "fuse",
  "borg-server",
  "borg-client",
  "repository",
];

async function doctor(config: string, host: string): Promise<{ exitCode: number | undefined; checks: Check[]; stderr: string }> {
  const result = await pullbak(["--config", config, "doctor", host, "--json"]);
  const report = JSON.parse(String(result.stdout)) as { host: string; ok: boolean; checks: Check[] };
  expect(report.ok).toBe(result.exitCode === 0);
  return { exitCode: result.exitCode, checks: report.checks, stderr: String(result.stderr) };
}

const withStatus = (checks: Check[], status: Check["status"]) => checks.filter((c) => c.status === status).map((c) => c.id);
const check = (checks: Check[], id: string) => checks.find((c) => c.id === id)!;

/** Changes files in a lab host's tree, restarts its sshd so it rereads them, and puts everything back afterwards. */
async function withClientFiles(lab: Lab, host: LabHost, changes: Record<string, string>, work: () => Promise<void>): Promise<void> {
  const originals = new Map<string, string | undefined>();
  for (const path of Object.keys(changes)) originals.set(path, await readFile(join(host.rootDir, path), "utf8").catch(() => undefined));
  const restart = async () => {
    await stopSshd(host);
    await startSshd(lab, host);
  };
  try {
    for (const [path, text] of Object.entries(changes)) {
      await mkdir(join(host.rootDir, path, ".."), { recursive: true });
      await writeFile(join(host.rootDir, path), text);
    }
    await restart();
    await work();
  } finally {
    for (const [path, text] of originals) {
      if (text === undefined) await rm(join(host.rootDir, path), { force: true });
      else await writeFile(join(host.rootDir, path), text);
    }
    await restart();
  }
}

describe("pullbak doctor", () => {
  const env = useLab(2);
  let good: LabHost;
  let bad: LabHost;
  let sshdConfig: string;
  let authorizedKeys: string;

  beforeAll(async () => {
    [good, bad] = env.lab.hosts as [LabHost, LabHost];
    for (const host of [good, bad]) {
      const init = await pullbak(["--config", env.lab.configFile, "init", host.name]);
      expect(init.exitCode, String(init.stderr)).toBe(0);
    }
    sshdConfig = await readFile(join(bad.rootDir, "etc/ssh/sshd_config"), "utf8");
    authorizedKeys = await readFile(join(bad.rootDir, "root/.ssh/authorized_keys"), "utf8");
  });

  it("passes every check on a lab host set up as the docs say, one ok line each, exit 0", async () => {
    const result = await pullbak(["--config", env.lab.configFile, "doctor", good.name]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const lines = String(result.stdout).trim().split("\n");
    expect(lines).toHaveLength(ALL_CHECKS.length);
    for (const line of lines) expect(line).toMatch(/^ok {3}\S/);
    expect(result.stdout).toContain("password login: refused");
    expect(result.stdout).toContain("borg (client): /usr/bin/borg in lab1's tree, borg 1.2.4");

    const { checks } = await doctor(env.lab.configFile, good.name);
    expect(checks.map((c) => c.id)).toEqual(ALL_CHECKS);
    expect(withStatus(checks, "ok")).toEqual(ALL_CHECKS);
  });

  it("names password login switched on by an Include read before the main file's 'no' (the first value wins)", async () => {
    const changes = {
      "etc/ssh/sshd_config": `Include /etc/ssh/sshd_config.d/*.conf\n${sshdConfig}`,
      "etc/ssh/sshd_config.d/50-cloud-init.conf": "PasswordAuthentication yes\n",
    };
    await withClientFiles(env.lab, bad, changes, async () => {
      const { exitCode, checks, stderr } = await doctor(env.lab.configFile, bad.name);
      expect(exitCode).toBe(2);
      expect(stderr).toContain("2 of 14 checks did not pass for lab2");
      expect(withStatus(checks, "fail")).toEqual(["password-login", "sshd-config"]);
      expect(check(checks, "password-login").detail).toBe("lab2 offers password login (it accepts publickey, password)");
      expect(check(checks, "sshd-config").detail).toContain("PasswordAuthentication yes at /etc/ssh/sshd_config.d/50-cloud-init.conf:1");
      expect(check(checks, "sshd-config").detail).toContain("the first value wins");
      expect(check(checks, "sshd-config").fix).toContain("PasswordAuthentication no");
    });
  });

  it("names a backup key line without restrict or command= (sshd under forced-commands-only drops the login)", async () => {
    const unrestricted = authorizedKeys.replace('restrict,command="internal-sftp -R" ', "");
    expect(unrestricted).not.toBe(authorizedKeys);
    await withClientFiles(env.lab, bad, { "root/.ssh/authorized_keys": unrestricted }, async () => {
      const { exitCode, checks } = await doctor(env.lab.configFile, bad.name);
      expect(exitCode).toBe(2);
      expect(withStatus(checks, "fail")).toEqual(["backup-key"]);
      expect(check(checks, "backup-key").fix).toContain('restrict,command="internal-sftp -R"');
      // What needs a working backup key is not guessed at.
      expect(withStatus(checks, "skip")).toEqual(["backup-key-read-only", "backup-key-restricted", "sshd-config", "login-shell", "borg-client"]);
    });
  });

  it("says the backup key runs commands when sshd also lets root in without a forced command", async () => {
    const unrestricted = authorizedKeys.replace('restrict,command="internal-sftp -R" ', "");
    const permissive = sshdConfig.replace("PermitRootLogin forced-commands-only", "PermitRootLogin prohibit-password");
    await withClientFiles(env.lab, bad, { "root/.ssh/authorized_keys": unrestricted, "etc/ssh/sshd_config": permissive }, async () => {
      const { exitCode, checks } = await doctor(env.lab.configFile, bad.name);
      expect(exitCode).toBe(2);
      expect(withStatus(checks, "fail")).toEqual(["backup-key", "backup-key-read-only", "backup-key-restricted", "sshd-config"]);
      expect(check(checks, "backup-key").detail).toContain("RUNS COMMANDS");
      expect(check(checks, "sshd-config").detail).toContain("PermitRootLogin prohibit-password at /etc/ssh/sshd_config:");
    });
  });

  it("names a backup key pinned to a writable sftp without restrict", async () => {
    const loose = authorizedKeys.replace('restrict,command="internal-sftp -R" ', 'command="internal-sftp" ');
    await withClientFiles(env.lab, bad, { "root/.ssh/authorized_keys": loose }, async () => {
      const { exitCode, checks } = await doctor(env.lab.configFile, bad.name);
      expect(exitCode).toBe(2);
      expect(withStatus(checks, "fail")).toEqual(["backup-key-read-only", "backup-key-restricted"]);
      expect(check(checks, "backup-key-read-only").detail).toContain("accepts write requests");
      expect(check(checks, "backup-key-restricted").detail).toContain("may forward connections");
      // Even with a writable sftp the probe made nothing on the client.
      expect((await readdir(bad.rootDir)).filter((name) => name.startsWith("pullbak"))).toEqual([]);
    });
  });

  it("names a passphrase that does not open the repository", async () => {
    const wrong = join(env.lab.dir, "wrong-passphrase");
    await writeFile(wrong, "not-the-passphrase\n", { mode: 0o600 });
    const { config } = await loadConfig(env.lab.configFile);
    const file = join(env.lab.dir, "doctor-wrong-passphrase.yaml");
    const repository = { ...config.defaults?.repository, passphrase: { file: wrong } };
    await writeFile(file, JSON.stringify({ ...config, defaults: { ...config.defaults, repository } }));

    const { exitCode, checks } = await doctor(file, good.name);
    expect(exitCode).toBe(2);
    expect(withStatus(checks, "fail")).toEqual(["repository"]);
    expect(check(checks, "repository").detail).toContain("passphrase");
    expect(check(checks, "repository").detail).toContain("incorrect");
    expect(check(checks, "repository").fix).toContain("repository.passphrase");
  });

  it("names a repository that was never created", async () => {
    const { config } = await loadConfig(env.lab.configFile);
    const file = join(env.lab.dir, "doctor-no-repo.yaml");
    const repository = { ...config.defaults?.repository, path: join(env.lab.dir, "repos", "never-made-{host}") };
    await writeFile(file, JSON.stringify({ ...config, defaults: { ...config.defaults, repository } }));

    const { checks } = await doctor(file, good.name);
    expect(withStatus(checks, "fail")).toEqual(["repository"]);
    expect(check(checks, "repository").fix).toBe("create it: pullbak init lab1");
  });
});
