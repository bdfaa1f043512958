import { lstat, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { borgHostId } from "./borg-environment.js";
import { testHost, type TestHost } from "./__fixtures__/test-host.js";

/** A lock as a borg killed with SIGKILL leaves it: roster plus the exclusive lock dir. */
async function plantLock(repository: string, hostId: string, pid: number): Promise<void> {
  await mkdir(join(repository, "lock.exclusive"), { recursive: true });
  await writeFile(join(repository, "lock.exclusive", `${hostId}.${pid}-0`), "");
  await writeFile(join(repository, "lock.roster"), JSON.stringify({ exclusive: [[hostId, pid, 0]] }));
}

async function deadPid(): Promise<number> {
  return Number((await execa("sh", ["-c", "echo $$"])).stdout);
}

describe("what a killed run leaves in a borg repository", () => {
  let t: TestHost;

  beforeAll(async () => {
    t = await testHost();
    const { job } = t.job();
    await t.archiver.init(job, t.server(job));
  });
  afterAll(() => t.cleanup());

  it("nothing to do in an unlocked repository", async () => {
    const { job } = t.job();
    expect(await t.archiver.cleanup!(job, t.server(job))).toEqual([]);
  });

  it("removes a lock of pullbak's borg whose process is gone, and says so", async () => {
    const pid = await deadPid();
    await plantLock(t.host.repository.path, borgHostId(), pid);
    const { job } = t.job();
    expect(await t.archiver.cleanup!(job, t.server(job))).toEqual([`removed borg's stale lock of ${t.host.repository.path} (pid ${pid}, which is gone)`]);
    expect((await readdir(t.host.repository.path)).filter((name) => name.startsWith("lock"))).toEqual([]);
  });

  it("finds a stale lock left in borg's cache of the repository too", async () => {
    const pid = await deadPid();
    const { job } = t.job();
    // borg keeps one cache dir per repository, named by the repository's id.
    const id = /^id = (\w+)$/m.exec(await readFile(join(t.host.repository.path, "config"), "utf8"))![1]!;
    const cache = join(job.hostStateDir, "borg", "cache", id);
    await plantLock(cache, borgHostId(), pid);
    expect(await t.archiver.cleanup!(job, t.server(job))).toEqual([`removed borg's stale lock of its cache ${cache} (pid ${pid}, which is gone)`]);
    expect((await readdir(cache)).filter((name) => name.startsWith("lock"))).toEqual([]);
  });

  it("leaves a lock held from another machine alone", async () => {
    await plantLock(t.host.repository.path, "pullbak@elsewhere", 4242);
    try {
      const { job } = t.job();
      expect(await t.archiver.cleanup!(job, t.server(job))).toEqual([`${t.host.repository.path} is locked by pullbak@elsewhere (pid 4242), not by this server; it was left alone`]);
      expect(await readdir(t.host.repository.path)).toContain("lock.roster");
    } finally {
      const { job } = t.job();
      await job.commands.run({ argv: ["rm", "-r", join(t.host.repository.path, "lock.roster"), join(t.host.repository.path, "lock.exclusive")] });
    }
  });

  describe("a client's code planted links or a FIFO in the repository (issue #10)", () => {
    const roster = () => join(t.host.repository.path, "lock.roster");
    const exclusive = () => join(t.host.repository.path, "lock.exclusive");

    async function refusedWithin(seconds: number): Promise<unknown> {
      const { job } = t.job();
      const started = Date.now();
      const error = await t.archiver.cleanup!(job, t.server(job)).catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(seconds * 1000);
      return error;
    }

    it("a lock.roster symlink to another host's file: refused in one line, nothing written through it", async () => {
      const target = join(t.dir, "other-host-config");
      await writeFile(target, "precious\n");
      await symlink(target, roster());
      try {
        const error = await refusedWithin(5);
        expect(error).toMatchObject({ code: "UNSAFE_FILE", message: `host ${t.host.name}: borg's lock roster ${roster()} is a symbolic link; pullbak opens only regular files there and never follows a link (remove it by hand after looking at who made it)` });
        expect(await readFile(target, "utf8")).toBe("precious\n");
        expect((await lstat(roster())).isSymbolicLink()).toBe(true);
      } finally {
        await rm(roster(), { force: true });
      }
    });

    it("a lock.roster FIFO: refused at once instead of hanging", async () => {
      const { job } = t.job();
      await job.commands.run({ argv: ["mkfifo", roster()] });
      try {
        expect(await refusedWithin(5)).toMatchObject({ code: "UNSAFE_FILE", message: expect.stringContaining(`${roster()} is a FIFO`) });
      } finally {
        await rm(roster(), { force: true });
      }
    });

    it("a lock.exclusive symlink to another directory: refused, the directory untouched", async () => {
      const target = join(t.dir, "other-host-repo");
      await mkdir(target, { recursive: true });
      await writeFile(join(target, "data"), "segments\n");
      await symlink(target, exclusive());
      try {
        expect(await refusedWithin(5)).toMatchObject({ code: "UNSAFE_FILE", message: expect.stringContaining(`${exclusive()} is a symbolic link`) });
        expect(await readdir(target)).toEqual(["data"]);
        expect(await readFile(join(target, "data"), "utf8")).toBe("segments\n");
      } finally {
        await rm(exclusive(), { force: true });
      }
    });
  });
});
