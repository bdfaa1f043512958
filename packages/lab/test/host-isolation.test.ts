import { lstat, readFile, readlink } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { clientUsers, seed, seedPathBytes } from "../src/index.js";
import { useLab } from "../src/testing.js";

/** Runs a command the way a process on the lab host sees the world. */
function onHost(pid: number, rootDir: string, argv: string[]) {
  return execa("nsenter", ["--target", String(pid), "--mount", "--uts", "--net", "--", "chroot", rootDir, ...argv], {
    reject: false,
    timeout: 30_000,
  });
}

describe("a lab host as a machine of its own", () => {
  const env = useLab(1);
  const host = () => env.lab.hosts[0]!;

  it("has its own hostname and address", async () => {
    const name = await onHost(host().sshdPid, host().rootDir, ["hostname"]);
    expect(name.stdout).toBe(host().hostname);
    const addresses = await onHost(host().sshdPid, host().rootDir, ["ip", "-4", "-o", "address", "show", "dev", "eth0"]);
    expect(addresses.stdout).toContain(`inet ${host().address}/30`);
    expect(host().address).toMatch(/^10\.213\./);
  });

  it("runs the server's tar, python3 and borg against its own accounts, with /usr read-only", async () => {
    const python = await onHost(host().sshdPid, host().rootDir, ["python3", "-c", "import pwd, grp; print(pwd.getpwuid(33).pw_name, grp.getgrgid(2345).gr_name)"]);
    expect(python.stdout).toBe("webmaster clientonly");
    expect((await onHost(host().sshdPid, host().rootDir, ["borg", "--version"])).stdout).toMatch(/^borg 1\./);
    expect((await onHost(host().sshdPid, host().rootDir, ["tar", "--version"])).exitCode).toBe(0);
    const write = await onHost(host().sshdPid, host().rootDir, ["touch", "/usr/pullbak-lab-write-test"]);
    expect(write.stderr).toContain("Read-only file system");
  });

  it("keeps its mounts out of the server's mount table", async () => {
    const mounts = await readFile("/proc/self/mountinfo", "utf8");
    expect(mounts).not.toContain(host().rootDir);
    const own = await onHost(host().sshdPid, host().rootDir, ["cat", "/proc/self/mountinfo"]);
    expect(own.stdout).toMatch(/ \/usr ro,/);
    expect(own.stdout).toMatch(/ \/etc\/alternatives ro,/);
  });

  it("holds the seed exactly as described", async () => {
    const at = (path: Buffer) => Buffer.concat([Buffer.from(host().rootDir), path]);
    for (const entry of Object.values(seed.entries)) {
      const stats = await lstat(at(seedPathBytes(entry)));
      const kind = stats.isSymbolicLink() ? "symlink" : stats.isDirectory() ? "dir" : stats.isFIFO() ? "fifo" : "file";
      const expectedKind = entry.kind === "sparse" || entry.kind === "hardlink" ? "file" : entry.kind;
      expect(kind, entry.path).toBe(expectedKind);
      expect([stats.uid, stats.gid], entry.path).toEqual([entry.uid, entry.gid]);
      if (entry.kind !== "symlink") expect(stats.mode & 0o7777, entry.path).toBe(entry.mode);
      if (entry.mtime) expect(stats.mtime.toISOString(), entry.path).toBe(entry.mtime);
      if (entry.kind === "symlink") expect(await readlink(at(seedPathBytes(entry))), entry.path).toBe(entry.target);
      expect(clientUsers.find((user) => user.uid === entry.uid)?.name).toBe(entry.user);
    }

    const first = await lstat(join(host().rootDir, seed.entries.hardLinkFirst.path));
    const second = await lstat(join(host().rootDir, seed.entries.hardLinkSecond.path));
    expect(second.ino).toBe(first.ino);
    expect(first.nlink).toBe(2);

    const sparse = await lstat(join(host().rootDir, seed.entries.sparse.path));
    expect(sparse.size).toBe(64 * 1024 * 1024);
    expect(sparse.blocks * 512).toBeLessThan(1024 * 1024);
  });
});
