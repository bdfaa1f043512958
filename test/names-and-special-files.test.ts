/**
 * Names that are bytes, special files, and times SFTP cannot carry (issue
 * 15), on one lab host backed up once per isolation: a latin-1 name and a
 * newline in a name are listed and restored byte-exactly with every method;
 * device nodes are never archived as 0,0 nor lost in silence; a FIFO on the
 * client survives a restore that cannot recreate it; a restore that would
 * restore nothing exits 2; a mtime before 1970 or of 0 that cannot come back
 * is named.
 */
import { lstat, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { leftoverMounts, pullbak, pullbakOk, seededDataConfig } from "./restore-helpers.js";

const DIR = "/srv/odd";
const LATIN1 = Buffer.from("caf\xe9", "latin1");
const NEWLINE = Buffer.from("new\nline");
const METHODS = ["tar-restore", "extract", "chroot-extract"] as const;

/** DIR/name on the lab host's disk, as bytes. */
const onHost = (host: LabHost, name: Buffer | string) => Buffer.concat([Buffer.from(join(host.rootDir, DIR) + "/"), Buffer.from(name)]);

describe("names that are bytes, special files and times (issue 15)", () => {
  const env = useLab(1);
  let host: LabHost;
  let config: string;
  const backups = new Map<string, { exitCode: number; stderr: string }>();

  beforeAll(async () => {
    host = env.lab.hosts[0]!;
    const dir = join(host.rootDir, DIR);
    await mkdir(dir, { recursive: true });
    await writeFile(onHost(host, LATIN1), "latin-1\n");
    await writeFile(onHost(host, NEWLINE), "newline\n");
    await writeFile(join(dir, "plain"), "plain\n");
    await writeFile(join(dir, "mtime-1969"), "1969\n");
    await execa("touch", ["-d", "@-31536000", join(dir, "mtime-1969")]);
    await writeFile(join(dir, "mtime-0"), "0\n");
    await execa("touch", ["-d", "@0", join(dir, "mtime-0")]);
    await execa("mkfifo", [join(dir, "fifo")]);
    await execa("mknod", [join(dir, "char-device"), "c", "1", "3"]);
    await execa("mknod", [join(dir, "block-device"), "b", "7", "0"]);
    config = await seededDataConfig(env.lab, [DIR]);
    await pullbakOk(config, "init", host.name);
    for (const isolation of ["chroot", "none"]) {
      const run = await pullbak(config, "run", host.name, "--plugin", isolation, "--archive", `odd-${isolation}`);
      backups.set(isolation, run);
    }
  }, 300_000);

  it.each(["chroot", "none"])("backup with %s: each device node is named as not archived (exit 1), never archived as 0,0 nor lost with a misleading error", async (isolation) => {
    const run = backups.get(isolation)!;
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/srv\/odd\/block-device: not archived: a block device whose numbers/);
    expect(run.stderr).toMatch(/srv\/odd\/char-device: not archived: a (character device whose numbers|special file listed by its directory but not found: a character device)/);
    expect(run.stderr).not.toContain("No such file or directory");
    expect(run.stderr).toMatch(/srv\/odd\/mtime-1969: mtime 2105-02-07T06:28:16Z is later than borg can store/);
    const { stdout } = await pullbakOk(config, "list", host.name, "--archive", `odd-${isolation}`, "--json");
    const entries = JSON.parse(stdout) as Array<{ path: string; mode: string; pathBytes: string }>;
    expect(entries.filter((entry) => /^[bc]/.test(entry.mode))).toEqual([]);
    expect(entries.find((entry) => entry.path === "srv/odd/fifo")?.mode).toMatch(/^p/);
  });

  it("list --json carries each name byte-exactly in pathBytes; the text listing keeps one entry a line", async () => {
    const { stdout } = await pullbakOk(config, "list", host.name, "--archive", "odd-chroot", "--json");
    const entries = JSON.parse(stdout) as Array<{ path: string; pathBytes: string }>;
    const bytes = entries.map((entry) => Buffer.from(entry.pathBytes, "base64"));
    expect(bytes).toContainEqual(Buffer.concat([Buffer.from("srv/odd/"), LATIN1]));
    expect(bytes).toContainEqual(Buffer.concat([Buffer.from("srv/odd/"), NEWLINE]));
    const text = await pullbakOk(config, "list", host.name, "--archive", "odd-chroot");
    const lines = text.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(entries.length);
    expect(lines.some((line) => line.endsWith(" srv/odd/caf\\xe9"))).toBe(true);
    expect(lines.some((line) => line.endsWith(" srv/odd/new\\x0aline"))).toBe(true);
  });

  it.each(METHODS)("%s: restores exactly the names of a NUL-separated --paths-from file, never deletes a FIFO it cannot recreate, and names what it cannot keep", async (method) => {
    for (const name of [LATIN1, NEWLINE, Buffer.from("plain")]) await rm(onHost(host, name), { force: true });
    // tar can make a FIFO: it must come back; extract and chroot-extract cannot: the client's must stay.
    if (method === "tar-restore") await rm(onHost(host, "fifo"), { force: true });
    const names = [LATIN1, NEWLINE, Buffer.from("fifo"), Buffer.from("mtime-1969"), Buffer.from("mtime-0")];
    const list = join(env.lab.dir, `paths-${method}`);
    await writeFile(list, Buffer.concat(names.map((name) => Buffer.concat([Buffer.from(`${DIR}/`), name, Buffer.of(0)]))));

    const result = await pullbak(config, "restore", host.name, "--archive", "odd-chroot", "--plugin", method, "--paths-from", list, "--null");

    expect(result.exitCode, result.stderr).toBe(1);
    // Every path a line of its own: a newline in a name is shown escaped, never raw.
    expect(result.stderr).not.toMatch(/new\n/);
    expect(result.stderr).toContain("new\\x0aline");
    expect(await readFile(onHost(host, LATIN1), "utf8")).toBe("latin-1\n");
    expect(await readFile(onHost(host, NEWLINE), "utf8")).toBe("newline\n");
    await expect(lstat(onHost(host, "plain"))).rejects.toThrow(/ENOENT/);
    expect((await lstat(onHost(host, "fifo"))).isFIFO()).toBe(true);
    expect(result.stderr).toMatch(/restored with mtime 2038-01-17T03:14:07.*: \/srv\/odd\/mtime-1969/);
    if (method === "tar-restore") {
      expect((await lstat(onHost(host, "mtime-0"))).mtimeMs).toBe(0);
      expect(result.stderr).not.toContain("time of the restore");
      expect(result.stderr).not.toContain("FIFO");
    } else {
      expect(result.stderr).toMatch(/FIFO left out.*: \/srv\/odd\/fifo/);
      expect(result.stderr).toMatch(/restored with the time of the restore as mtime.*: \/srv\/odd\/mtime-0/);
    }
    expect(await leftoverMounts(env.lab, host)).toEqual([]);
  });

  it("run --plugin tar-restore takes --paths-from --null as restore does", async () => {
    await rm(onHost(host, LATIN1), { force: true });
    const list = join(env.lab.dir, "paths-run");
    await writeFile(list, Buffer.concat([Buffer.from(`${DIR}/`), LATIN1, Buffer.of(0)]));
    const result = await pullbak(config, "run", host.name, "--plugin", "tar-restore", "--archive", "odd-chroot", "--paths-from", list, "--null");
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await readFile(onHost(host, LATIN1), "utf8")).toBe("latin-1\n");
  });

  it("a restore that would restore nothing exits 2 and says so", async () => {
    const result = await pullbak(config, "restore", host.name, "--archive", "odd-chroot", "--plugin", "extract", `${DIR}/fifo`);
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).toContain("nothing was restored");
    expect((await lstat(onHost(host, "fifo"))).isFIFO()).toBe(true);
  });
});
