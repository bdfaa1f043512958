import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UndoStack, type CommandRunner, type CommandSpec, type Job } from "@pullbak/core";
import { execa } from "execa";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { enterJail } from "./jail-runner.js";

const isRoot = process.getuid?.() === 0;
const opts = { dirPrefix: "test-jail-" };

function fakeJob(stateDir: string, dryRun = false): Job & { notes: string[] } {
  const notes: string[] = [];
  const commands = { dryRun, note: (step: string) => void notes.push(step) } as unknown as CommandRunner;
  const log = { info() {}, warn() {}, debug() {}, progress() {} };
  return { host: { name: "web1" }, commands, undo: new UndoStack(), log, signal: new AbortController().signal, hostStateDir: stateDir, notes } as unknown as Job & {
    notes: string[];
  };
}

describe("the jail", () => {
  let base: string;
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), "pullbak-jail-test-"));
  });
  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it("spells needs under a random directory and client paths relative to the working directory", async () => {
    const job = fakeJob(join(base, "state"), true);
    const runner = await enterJail(job, { root: "/mnt/client" }, [{ name: "repository", source: "/srv/backup/web1", writable: true }], opts);
    expect(runner.pathOf("repository")).toMatch(/^\/needs-[0-9a-f]{32}\/repository$/);
    expect(runner.clientPath("/srv/data")).toBe("srv/data");
    expect(runner.clientPath("/")).toBe(".");
    const wrapped = runner.wrap({ argv: ["borg", "extract"], env: { BORG_X: "1" } });
    expect(wrapped.cwd).toBeUndefined();
    expect(wrapped.env).toEqual({ BORG_X: "1", PYTHONNOUSERSITE: "1" });
    expect(wrapped.argv.slice(0, 5)).toEqual(["unshare", "--mount", "--propagation", "private", "--"]);
    expect(wrapped.argv.slice(-3)).toEqual(["--", "borg", "extract"]);
    expect(wrapped.argv).toContain("/mnt/client");
    expect(wrapped.argv).toContain("/srv/backup/web1");
  });

  it("refuses a need name that is not a plain file name", async () => {
    await expect(enterJail(fakeJob(base, true), { root: "/mnt/client" }, [{ name: "../etc", source: "/etc", writable: false }], opts)).rejects.toThrow(/plain file name/);
  });

  it.skipIf(!isRoot)("keeps writes through planted absolute and relative symlinks off the server", async () => {
    const client = join(base, "client");
    const serverTarget = join(base, "server-secret");
    const repo = join(base, "repo");
    await mkdir(client);
    await mkdir(serverTarget);
    await mkdir(repo);
    await writeFile(join(repo, "config"), "repo config\n");
    await symlink(serverTarget, join(client, "abs")); // absolute: resolved against the process's root
    await symlink("../../../../../../../..", join(client, "up")); // relative climb out of /client
    const job = fakeJob(join(base, "state"));
    const runner = await enterJail(job, { root: client }, [{ name: "repository", source: repo, writable: true }], opts);

    const script = [
      "echo restored > restored-file",
      "cat " + runner.pathOf("repository") + "/config > seen-repo",
      "{ echo pwned > abs/x; } 2>/dev/null; echo $? > abs-status",
      "{ echo pwned > up/x; } 2>/dev/null; echo $? > up-status",
      "ls / > root-listing",
      "cat /etc/passwd > passwd-seen",
    ].join("\n");
    const wrapped = runner.wrap({ argv: ["/bin/sh", "-c", script] });
    const [file, ...args] = wrapped.argv;
    const result = await execa(file!, args, { reject: false });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);

    expect(await readFile(join(client, "restored-file"), "utf8")).toBe("restored\n");
    expect(await readFile(join(client, "seen-repo"), "utf8")).toBe("repo config\n");
    expect(await readdir(serverTarget)).toEqual([]);
    expect(await readFile(join(client, "abs-status"), "utf8")).not.toBe("0\n");
    expect(await readFile(join(client, "up-status"), "utf8")).not.toBe("0\n");
    const rootListing = (await readFile(join(client, "root-listing"), "utf8")).split("\n");
    for (const serverDir of ["root", "home", "var", "srv", "tmp", "proc", "sys", "run"]) expect(rootListing).not.toContain(serverDir);
    expect(await readFile(join(client, "passwd-seen"), "utf8")).toBe("root:x:0:0:root:/root:/bin/sh\n");

    // The jail's mounts lived in the command's private namespace only.
    const mounts = await readFile("/proc/self/mountinfo", "utf8");
    expect(mounts).not.toContain(base);
    expect(await job.undo.unwind()).toEqual([]);
    expect(await readdir(join(base, "state"))).toEqual([]);
  });

  it.skipIf(!isRoot)("makes Python's no-follow chown and utime of a symlink leave the link's target alone", async () => {
    const client = join(base, "client");
    await mkdir(client);
    await writeFile(join(client, "target"), "target\n");
    const runner = await enterJail(fakeJob(join(base, "state")), { root: client }, [], opts);
    const program = [
      "import os",
      "os.symlink('target', 'link')",
      "os.chown('link', 1234, 1234, follow_symlinks=False)",
      "os.utime('link', None, ns=(0, 10**18), follow_symlinks=False)",
      "os.mkdir('dir')",
      "os.chown('dir', 1234, 1234, follow_symlinks=False)",
    ].join("\n");
    const [file, ...args] = runner.wrap({ argv: ["/usr/bin/python3", "-c", program] }).argv;
    const result = await execa(file!, args, { reject: false });
    expect(result.stderr).toBe("");
    const target = await stat(join(client, "target"));
    expect(target.uid).toBe(0);
    expect(target.mtimeMs).toBeGreaterThan(Date.parse("2020-01-01")); // not the link's 2001-09-09
    expect((await stat(join(client, "dir"))).uid).toBe(1234);
  });
  it("applies the view's mount namespace as the outermost wrap", async () => {
    const view = { root: "/mnt/client", inMountNamespace: (spec: CommandSpec) => ({ ...spec, argv: ["nsenter", "--mount=/proc/42/ns/mnt", "--", ...spec.argv] }) };
    const runner = await enterJail(fakeJob(join(base, "state"), true), view, [], opts);
    const wrapped = runner.wrap({ argv: ["borg", "create"], cwd: "/etc" });
    expect(wrapped.argv.slice(0, 4)).toEqual(["nsenter", "--mount=/proc/42/ns/mnt", "--", "unshare"]);
    expect(wrapped.argv).toContain("/client/etc");
  });

  it.skipIf(!isRoot)("names ids from the given passwd and group only, through files, and reaches no server tree", async () => {
    const client = join(base, "client");
    const etc = join(base, "etc-copy");
    await mkdir(client);
    await mkdir(etc);
    await writeFile(join(etc, "passwd"), "root:x:0:0:root:/root:/bin/sh\nwebmaster:x:33:33::/var/www:/usr/sbin/nologin\ncarol:x:1000:1000::/home/carol:/bin/sh\n");
    await writeFile(join(etc, "group"), "root:x:0:\nwebteam:x:33:carol\nclientonly:x:2345:carol\n");
    const runner = await enterJail(fakeJob(join(base, "state")), { root: client }, [], { ...opts, etc: { kind: "files", dir: etc } });
    const program = "import pwd, grp, os; print(pwd.getpwuid(33).pw_name, pwd.getpwuid(1000).pw_name, grp.getgrgid(33).gr_name, grp.getgrgid(2345).gr_name, sorted(os.listdir('/etc')), os.path.exists('/var'), os.path.exists('/run'))";
    const [file, ...args] = runner.wrap({ argv: ["/usr/bin/python3", "-I", "-c", program] }).argv;
    const result = await execa(file!, args, { reject: false });
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe("webmaster carol webteam clientonly ['group', 'nsswitch.conf', 'passwd'] False False");
  });
});
