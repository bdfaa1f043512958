/**
 * Keys, free space and change detection (issue 15), as an admin meets them
 * on one lab host backed up once: a read-only restore key is refused before
 * anything is written; tar-restore shows what sshd or nologin said when the
 * tar key cannot run tar; doctor names a wrong key and a nologin shell; a
 * restore that cannot fit on the client is refused before writing; and
 * `fullReadEvery: 3` reads a same-size, same-mtime edit on the third run.
 */
import { readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadConfig } from "@pullbak/core";
import { startSshd, stopSshd, type LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { differences, newestArchive, onDisk, pullbak, pullbakOk, ROOTS, snapshot } from "./restore-helpers.js";

const env = useLab(1);
let host: LabHost;
let config: string;
let archive: string;

/** The lab's config, narrowed to the seeded data, with `fullReadEvery: 3` and `change` applied to its defaults.ssh. */
async function configWith(name: string, ssh: Record<string, unknown> = {}): Promise<string> {
  const { config: base } = await loadConfig(env.lab.configFile);
  const defaults = { ...base.defaults, sources: [...ROOTS], fullReadEvery: 3, ssh: { ...base.defaults?.ssh, ...ssh, keys: { ...base.defaults?.ssh?.keys, ...(ssh.keys as object) } } };
  const file = join(env.lab.dir, `${name}.yaml`);
  await writeFile(file, `${JSON.stringify({ ...base, defaults }, null, 2)}\n`);
  return file;
}

/** Gives the client's root another login shell while `work` runs (sshd reads passwd at each login: no restart). */
async function withRootShell(shell: string, work: () => Promise<void>): Promise<void> {
  const passwd = onDisk(host, "/etc/passwd");
  const original = await readFile(passwd, "utf8");
  await writeFile(passwd, original.replace(/^(root:[^\n]*:)[^:\n]*$/m, `$1${shell}`));
  try {
    await work();
  } finally {
    await writeFile(passwd, original);
  }
}

const oneLine = (stderr: string) => stderr.trim().split("\n").filter((line) => line.startsWith("pullbak:"));

beforeAll(async () => {
  host = env.lab.hosts[0]!;
  config = await configWith("keys-test");
  await pullbakOk(config, "init", host.name);
  await pullbakOk(config, "run", host.name);
  archive = await newestArchive(config, host.name);
}, 300_000);

describe("a read-only restore key", () => {
  it("extract and chroot-extract exit 2 before writing anything, naming the key", async () => {
    // The backup key (internal-sftp -R) configured as the restore key: the admin's copy-paste slip.
    const readOnly = await configWith("read-only-restore", { keys: { restore: env.lab.keys.backup } });
    await rm(onDisk(host, "/srv/data/team/plan.txt"));
    const before = await snapshot(host);
    for (const method of ["extract", "chroot-extract"]) {
      const result = await pullbak(readOnly, "restore", host.name, "--archive", archive, "--plugin", method, "/srv/data/team");
      expect(result.exitCode, result.stderr).toBe(2);
      const lines = oneLine(result.stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain("read-only key");
      expect(lines[0]).toContain(env.lab.keys.backup);
      expect(lines[0]).toContain('restrict,command="internal-sftp"');
      expect(differences(before, await snapshot(host))).toEqual([]);
    }
  });
});

describe("tar-restore when the tar key cannot run tar", () => {
  it("shows nologin's message when root's login shell is nologin", async () => {
    await withRootShell("/usr/sbin/nologin", async () => {
      const result = await pullbak(config, "restore", host.name, "--archive", archive, "--plugin", "tar-restore", "/srv/data/team");
      expect(result.exitCode).toBe(2);
      const lines = oneLine(result.stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain("tar on the client exited 1: This account is currently not available.");
      expect(lines[0]).toContain("usermod -s /bin/sh root");
      expect(lines[0]).not.toContain("(no message)");
    });
  });

  it("shows sshd's message when the sftp-only key is used as the tar key", async () => {
    const sftpAsTar = await configWith("sftp-as-tar", { keys: { tar: env.lab.keys.restore } });
    const result = await pullbak(sftpAsTar, "restore", host.name, "--archive", archive, "--plugin", "tar-restore", "/srv/data/team");
    expect(result.exitCode).toBe(2);
    const lines = oneLine(result.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("This service allows sftp connections only.");
    expect(lines[0]).toContain(`the key ${env.lab.keys.restore} is pinned to internal-sftp`);
  });
});

describe("doctor and the keys", () => {
  it("names a read-only restore key, an sftp key used for tar, and root's nologin shell", async () => {
    const wrong = await configWith("wrong-keys", { keys: { restore: env.lab.keys.backup, tar: env.lab.keys.restore } });
    await withRootShell("/usr/sbin/nologin", async () => {
      const result = await pullbak(wrong, "doctor", host.name, "--json");
      expect(result.exitCode).toBe(2);
      const report = JSON.parse(result.stdout) as { checks: Array<{ id: string; status: string; detail: string; fix?: string }> };
      const byId = new Map(report.checks.map((c) => [c.id, c]));
      expect(report.checks.filter((c) => c.status !== "ok").map((c) => c.id).sort()).toEqual(["key-restore", "key-tar", "login-shell"]);
      expect(byId.get("key-restore")!.detail).toContain('the forced command "internal-sftp -R"');
      expect(byId.get("key-restore")!.fix).toContain('restrict,command="internal-sftp"');
      expect(byId.get("key-tar")!.detail).toContain('the forced command "internal-sftp"');
      expect(byId.get("key-tar")!.detail).toContain("need \"tar --extract");
      expect(byId.get("login-shell")!.detail).toContain("root's login shell on lab1 is /usr/sbin/nologin");
      expect(byId.get("login-shell")!.fix).toContain("usermod -s /bin/sh root");
    });
  });
});

describe("free space on the client", () => {
  it("refuses a restore that cannot fit, before writing, naming both sizes", async () => {
    // An 8 MiB filesystem at /srv/data on the client; the archive holds a 64 MiB (apparent) sparse file there.
    const target = onDisk(host, "/srv/data");
    await execa("mount", ["-t", "tmpfs", "-o", "size=8m,mode=0755", "pullbak-keys-test", target]);
    try {
      // The lab host's mount namespace copied the server's mounts when its sshd started.
      await stopSshd(host);
      await startSshd(env.lab, host);
      const result = await pullbak(config, "restore", host.name, "--archive", archive, "--plugin", "tar-restore", "/srv/data");
      expect(result.exitCode).toBe(2);
      const lines = oneLine(result.stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/would write \d{8,} bytes \(\d+\.\d MB\) on the client's filesystem at \/srv\/data, which has \d+ bytes \([\d.]+ [kM]B\) free; nothing was restored/);
      expect(lines[0]).toContain("--ignore-free-space");
      expect(await readFile(join(target, "README.txt")).catch(() => "absent")).toBe("absent");
    } finally {
      await execa("umount", [target]);
      await stopSshd(host);
      await startSshd(env.lab, host);
    }
  });
});

describe("a scheduled full re-read (fullReadEvery: 3)", () => {
  /** Rewrites a file with other bytes of the same length and puts its mtime back. */
  async function editInPlace(path: string, text: string): Promise<void> {
    const before = await stat(path);
    await writeFile(path, text);
    await utimes(path, before.atime, before.mtime);
  }

  async function archivedText(name: string, clientPath: string): Promise<string> {
    await rm(onDisk(host, clientPath));
    await pullbakOk(config, "restore", host.name, "--archive", name, "--plugin", "tar-restore", clientPath);
    return readFile(onDisk(host, clientPath), "latin1");
  }

  async function run(): Promise<{ archive: string; fullRead?: string }> {
    // borg leaves the files of a run's newest mtime out of its cache: something newer keeps the edited file in it.
    await writeFile(onDisk(host, "/srv/data/newest.txt"), `${Date.now()}\n`);
    const result = await pullbakOk(config, "run", host.name, "--json");
    return (JSON.parse(result.stdout) as { hosts: Array<{ archive: string; fullRead?: string }> }).hosts[0]!;
  }

  it("misses a same-size, same-mtime edit on run 2 and reads it on run 3, saying so in the record", async () => {
    const path = "/srv/data/old/2001-02-03.txt";
    const original = await readFile(onDisk(host, path), "latin1");
    // The first run (beforeAll) began the count; the restores since did not count.
    await editInPlace(onDisk(host, path), original.replace(/./g, "x"));
    const second = await run();
    expect(second.fullRead).toBeUndefined();
    expect(await archivedText(second.archive, path)).toBe(original);

    const again = original.replace(/./g, "y");
    await editInPlace(onDisk(host, path), again);
    const third = await run();
    expect(third.fullRead).toMatch(/^scheduled \(every 3 runs: run 3 since counting began\)$/);
    expect(await archivedText(third.archive, path)).toBe(again);
    const counter = JSON.parse(await readFile(join(env.lab.dir, "state/hosts", host.name, "full-read.json"), "utf8")) as { runsSince: number; sinceFullRead: boolean };
    expect(counter).toMatchObject({ runsSince: 0, sinceFullRead: true });
  });

  it("check-config names the hosts with no full re-read scheduled, and only those", async () => {
    expect((await pullbakOk(env.lab.configFile, "check-config")).stdout).toContain("notice: no full re-read scheduled for lab1:");
    expect((await pullbakOk(config, "check-config")).stdout).not.toContain("full re-read");
  });
});
