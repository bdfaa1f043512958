import { lstat, mkdir, readFile, readlink, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { archiveItems } from "./__fixtures__/archive-items.js";
import { clientTree } from "./__fixtures__/client-tree.js";
import { rootedRunner, testHost, type TestHost } from "./__fixtures__/test-host.js";

// One repository for the whole story: init, back up, list, back up again, restore.
describe("borg archiver against a real repository", () => {
  let t: TestHost;
  let client: string;

  beforeAll(async () => {
    t = await testHost();
    client = join(t.dir, "client");
    await clientTree(client);
  });
  afterAll(() => t.cleanup());

  it("init creates the repository with the passphrase from the configured file, and borg's dirs private on the server", async () => {
    const { job, log } = t.job();
    await t.archiver.init(job, t.server(job));
    expect((await stat(join(t.host.repository.path, "config"))).isFile()).toBe(true);
    const repoConfig = await readFile(join(t.host.repository.path, "config"), "utf8");
    expect(repoConfig).toMatch(/^key = /m); // repokey: the key is in the repository
    for (const dir of ["borg", "borg/config", "borg/cache", "borg/security", "borg/tmp"]) {
      expect((await stat(join(t.host.stateDir, "hosts", t.host.name, dir))).mode & 0o777).toBe(0o700);
    }
    expect(log.of("info").join("\n")).toContain("the key is stored in the repository");
    expect(log.of("warn")).toEqual([]);
  });

  it("create archives the sources, records user and group names, skips excludes, and reports stats", async () => {
    const { job, log } = t.job();
    const runner = rootedRunner(t.server(job), client, ["/.pullbak"]);
    const result = await t.archiver.create(job, runner, { archiveName: "web1-first", sources: ["/"], excludes: ["/dev", "/tmp", "/var/cache/*"] });
    expect(result).toMatchObject({ archive: "web1-first", warnings: [] });
    expect(result.stats?.files).toBe(5); // regular files
    expect(result.stats?.originalBytes).toBeGreaterThan(0);

    const items = await archiveItems(job, runner, "web1-first");
    const byPath = new Map(items.map((item) => [item.path, item]));
    expect(byPath.get("home/carol/notes.txt")).toMatchObject({ user: "nobody", group: "nogroup", uid: 65534, gid: 65534 });
    expect(byPath.get("etc/hostname")).toMatchObject({ user: "root", group: "root" });
    // No name for 4242 here: borg stores none, and its listing shows the number.
    expect(byPath.get("srv/data/report.csv")).toMatchObject({ uid: 4242, gid: 4242, user: 4242, group: 4242 });
    expect(byPath.has("devices/kept.txt")).toBe(true);
    const paths = [...byPath.keys()];
    expect(paths.filter((p) => /^(dev|\.pullbak|tmp)(\/|$)/.test(p) || p.startsWith("var/cache/app/"))).toEqual([]);
    expect(log.of("info").join("\n")).toMatch(/archive web1-first: 5 files \(5 added, 0 modified, 0 unchanged\)/);
  });

  it("missingPaths names the asked client paths the archive holds nothing at or under (issue 15)", async () => {
    const { job } = t.job();
    const missing = await t.archiver.missingPaths!(job, t.server(job), { archive: "web1-first", paths: ["/home/carol/notes.txt", "/nope", "/home", "/home/caro"] });
    expect(missing).toEqual(["/nope", "/home/caro"]);
  });

  it("listFiles shows the entries under a client path as the archive recorded them", async () => {
    const { job } = t.job();
    const entries = await t.archiver.listFiles!(job, t.server(job), { archive: "web1-first", paths: ["home/carol"] });
    expect(entries.map((e) => e.path)).toContain("home/carol/notes.txt");
    expect(entries.every((e) => e.path.startsWith("home/carol"))).toBe(true);
    expect(entries.find((e) => e.path === "home/carol/notes.txt")).toMatchObject({ user: "nobody", group: "nogroup", mode: "-rw-r--r--" });
  });

  it("a second unchanged run stores almost nothing and finds the files unchanged (files cache ctime,size)", async () => {
    const { job, log } = t.job();
    const runner = rootedRunner(t.server(job), client, ["/.pullbak"]);
    const result = await t.archiver.create(job, runner, { archiveName: "web1-second", sources: ["/"], excludes: ["/dev", "/tmp", "/var/cache/*"] });
    expect(result.stats?.deduplicatedBytes).toBeLessThan(2000); // only the archive's own metadata
    // etc/motd had the newest ctime of the first run, so borg did not remember it: read again, stored as nothing new.
    expect(log.of("info").join("\n")).toContain("5 files (1 added, 0 modified, 4 unchanged)");
  });

  it("list returns the archives oldest first, with UTC start times", async () => {
    const { job } = t.job();
    const archives = await t.archiver.list(job, t.server(job));
    expect(archives.map((a) => a.name)).toEqual(["web1-first", "web1-second"]);
    for (const archive of archives) {
      expect(archive.start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(Math.abs(Date.parse(archive.start) - Date.now())).toBeLessThan(10 * 60_000);
    }
  });

  it("extract restores bytes, symlink targets and names mapped to this system's ids", async () => {
    const { job } = t.job();
    const target = join(t.dir, "restore-names");
    await mkdir(target);
    await t.archiver.extract(job, rootedRunner(t.server(job), target), { archive: "web1-first", paths: ["/home", "/srv/data"], numericIds: false });
    expect(await readFile(join(target, "home/carol/notes.txt"), "utf8")).toBe("carol's notes\n");
    expect(await readlink(join(target, "srv/data/abs-link"))).toBe("/etc/hostname");
    expect(await readlink(join(target, "srv/data/rel-link"))).toBe("../../etc/hostname");
    expect((await stat(join(target, "home/carol/notes.txt"))).uid).toBe(65534);
    // Only the paths asked for.
    await expect(lstat(join(target, "etc"))).rejects.toThrow(/ENOENT/);
  });

  it("extract with numericIds keeps the archived uid/gid", async () => {
    const { job } = t.job();
    const target = join(t.dir, "restore-numeric");
    await mkdir(target);
    await t.archiver.extract(job, rootedRunner(t.server(job), target), { archive: "web1-first", paths: [], numericIds: true });
    const info = await stat(join(target, "srv/data/report.csv"));
    expect([info.uid, info.gid]).toEqual([4242, 4242]);
    expect(await readFile(join(target, "etc/hostname"), "utf8")).toBe("web1\n");
  });

  it("extract refuses a runner that would extract into pullbak's own working directory", async () => {
    const { job } = t.job();
    await expect(t.archiver.extract(job, t.server(job), { archive: "web1-first", paths: [], numericIds: false })).rejects.toMatchObject({
      code: "ARCHIVER_FAILED",
      message: expect.stringContaining("unit-web1"),
    });
  });

  it("exportTar returns a borg export-tar command (not run) whose stdout is the archive as tar", async () => {
    const { job } = t.job();
    const spec = await t.archiver.exportTar(job, t.server(job), { archive: "web1-first", paths: ["/etc"] });
    expect(spec.argv).toEqual(["borg", "export-tar", "--", `${t.host.repository.path}::web1-first`, "-", "/etc"]);
    expect(spec.secret?.envVar).toBe("BORG_PASSPHRASE_FD");
    const target = join(t.dir, "restore-tar");
    await mkdir(target);
    const { producer, consumer } = await job.commands.pipe(spec, { argv: ["tar", "-x", "-C", target, "-f", "-"] });
    expect([producer.exitCode, consumer.exitCode]).toEqual([0, 0]);
    expect(await readFile(join(target, "etc/hostname"), "utf8")).toBe("web1\n");
  });

  it("check passes on a healthy repository", async () => {
    const { job } = t.job();
    await expect(t.archiver.check(job, t.server(job))).resolves.toBeUndefined();
  });
});
