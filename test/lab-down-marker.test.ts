/**
 * `pullbak lab down --dir DIR` removes only what `pullbak lab up` made
 * (issue #10): a dir without the lab's own marker is refused, whatever it
 * contains, before anything in it is touched or any process killed.
 */
import { spawn } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { pullbak } from "./support/pullbak.js";

/** What a production /etc/pullbak holds, in a temporary dir. */
async function fakeEtcPullbak(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "etc-pullbak-"));
  await mkdir(join(dir, "keys"), { mode: 0o700 });
  await writeFile(join(dir, "keys", "backup_ed25519"), "PRIVATE KEY\n", { mode: 0o600 });
  await writeFile(join(dir, "pullbak.yaml"), "hosts: {}\n");
  await writeFile(join(dir, "known_hosts"), "[192.0.2.10]:22 ssh-ed25519 AAAA\n");
  await writeFile(join(dir, "lab.json"), "{}\n");
  return dir;
}

/** A dir with a process chrooted below it, as a lab host's sshd is: /bin/sleep and its libraries copied in. */
async function dirWithRootedProcess(): Promise<{ dir: string; pid: number; stop: () => void }> {
  const dir = await mkdtemp(join(tmpdir(), "rooted-"));
  for (const file of ["/usr/bin/sleep", "/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2"]) {
    await mkdir(join(dir, dirname(file)), { recursive: true });
    await copyFile(file, join(dir, file));
  }
  const child = spawn("chroot", [dir, "/usr/bin/sleep", "120"], { stdio: "ignore" });
  await sleep(200);
  return { dir, pid: child.pid!, stop: () => child.kill("SIGKILL") };
}

async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[join(entry.parentPath, entry.name)] = await readFile(join(entry.parentPath, entry.name), "latin1");
  }
  return files;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("pullbak lab down on a dir lab up did not make", () => {
  it("refuses a production-like config dir, with one line, and leaves every file as it was", async () => {
    const dir = await fakeEtcPullbak();
    const before = await snapshot(dir);
    const result = await pullbak(["lab", "down", "--dir", dir]);
    expect(result.exitCode).toBe(78);
    expect(result.stderr.trim()).toBe(`pullbak: lab down: ${dir} is not a lab dir (no ${dir}/.pullbak-lab written by lab up); lab down removes only what lab up made, and leaves this dir alone`);
    expect(await snapshot(dir)).toEqual(before);
  });

  it("refuses a dir with a process rooted below it, and that process lives on", async () => {
    const rooted = await dirWithRootedProcess();
    try {
      const before = await snapshot(rooted.dir);
      const result = await pullbak(["lab", "down", "--dir", rooted.dir]);
      expect(result.exitCode).toBe(78);
      expect(result.stderr).toContain("is not a lab dir");
      expect(alive(rooted.pid)).toBe(true);
      expect(await snapshot(rooted.dir)).toEqual(before);
    } finally {
      rooted.stop();
    }
  });
});
