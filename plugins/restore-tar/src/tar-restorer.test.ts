import { PullbakError, UndoStack, type Archiver, type CommandResult, type CommandRunner, type CommandSpec, type Job, type Transport } from "@pullbak/core";
import { describe, expect, it } from "vitest";
import { TarRestorer } from "./tar-restorer.js";

const ok: CommandResult = { exitCode: 0, stdout: "", stderr: "", canceled: false };

function fakeJob(ends: { producer?: Partial<CommandResult>; consumer?: Partial<CommandResult> } = {}) {
  const piped: Array<{ producer: CommandSpec; consumer: CommandSpec }> = [];
  const commands: CommandRunner = {
    dryRun: false,
    note() {},
    run: async () => ok,
    pipe: async (producer, consumer) => {
      piped.push({ producer, consumer });
      return { producer: { ...ok, ...ends.producer }, consumer: { ...ok, ...ends.consumer } };
    },
  };
  const log = { info() {}, warn() {}, debug() {}, progress() {} };
  const job = {
    host: { name: "web1", address: "192.0.2.10", ssh: { identityFile: "/keys/backup", keys: { tar: "/keys/tar" } } },
    commands,
    undo: new UndoStack(),
    log,
    signal: new AbortController().signal,
    hostStateDir: "/var/lib/pullbak/hosts/web1",
  } as unknown as Job;
  return { job, piped };
}

function fakeParts() {
  const opened: unknown[] = [];
  const exported: unknown[] = [];
  const transport: Transport = {
    open: async (_job, request) => {
      opened.push(request);
      return { remote: (argv) => ({ argv: ["ssh", "-i", "/keys/tar", "root@192.0.2.10", "--", ...argv] }) };
    },
  };
  const archiver = {
    needs: () => [{ name: "repository", source: "/srv/backup/web1", writable: true }],
    exportTar: async (_job: Job, runner: { pathOf(n: string): string }, request: unknown) => {
      exported.push(request);
      return { argv: ["borg", "export-tar", `${runner.pathOf("repository")}::a1`, "-"] };
    },
  } as unknown as Archiver;
  return { parts: { transport, archiver, isolation: { enter: async () => { throw new Error("tar-restore enters no isolation"); } } }, opened, exported };
}

describe("tar-restore", () => {
  it("opens no mount, logs in with the tar key and pipes borg export-tar into tar on the client", async () => {
    const { job, piped } = fakeJob();
    const { parts, opened, exported } = fakeParts();
    await new TarRestorer().restore(job, parts, { archive: "a1", paths: ["/srv/data"] });
    expect(opened).toEqual([{ mount: "none", key: "tar" }]);
    expect(exported).toEqual([{ archive: "a1", paths: ["/srv/data"], excludes: [] }]);
    expect(piped).toHaveLength(1);
    expect(piped[0]?.producer.argv).toEqual(["borg", "export-tar", "/srv/backup/web1::a1", "-"]);
    expect(piped[0]?.consumer.argv.slice(-6)).toEqual(["tar", "--extract", "--preserve-permissions", "--same-owner", "--directory=/", "--file=-"]);
  });

  it("declares the forced command its key needs", () => {
    expect(new TarRestorer().key).toEqual({ purpose: "tar", forcedCommand: "tar --extract --preserve-permissions --same-owner --directory=/ --file=-" });
  });

  it("reports tar failing on the client with the host and tar's message, not borg's broken pipe", async () => {
    const { job } = fakeJob({
      consumer: { exitCode: 2, stderr: "tar: srv/data/a: Cannot open: Read-only file system\ntar: Exiting with failure status due to previous errors\n" },
      producer: { exitCode: 2, stderr: "BrokenPipeError: [Errno 32] Broken pipe\n" },
    });
    const error = await new TarRestorer().restore(job, fakeParts().parts, { archive: "a1", paths: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PullbakError);
    expect(error).toMatchObject({ code: "COMMAND_FAILED" });
    expect((error as Error).message).toContain("host web1");
    expect((error as Error).message).toContain("Cannot open: Read-only file system");
    expect((error as Error).message).not.toContain("Broken pipe");
  });

  it("shows what sshd or nologin said on stdout, with the key and the fix, when tar never ran (issue 15)", async () => {
    const cases = [
      { stdout: "This account is currently not available.\n", hint: "usermod -s /bin/sh root" },
      { stdout: "This service allows sftp connections only.\n", hint: "the key /keys/tar is pinned to internal-sftp" },
    ];
    for (const { stdout, hint } of cases) {
      const { job } = fakeJob({ consumer: { exitCode: 1, stdout, stderr: "" }, producer: { exitCode: 2, stderr: "BrokenPipeError: [Errno 32] Broken pipe\n" } });
      const error = await new TarRestorer().restore(job, fakeParts().parts, { archive: "a1", paths: [] }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "COMMAND_FAILED" });
      expect((error as Error).message).toContain(`tar on the client exited 1: ${stdout.trim()} (`);
      expect((error as Error).message).toContain(hint);
      expect((error as Error).message).not.toContain("\n");
    }
  });

  it("reports an unreachable client as such", async () => {
    const { job } = fakeJob({ consumer: { exitCode: 255, stderr: "ssh: connect to host 192.0.2.10 port 22: Connection refused\r\n" } });
    const error = await new TarRestorer().restore(job, fakeParts().parts, { archive: "a1", paths: [] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CLIENT_UNREACHABLE" });
    expect((error as Error).message).toContain("Connection refused");
    expect((error as Error).message).toContain("192.0.2.10");
  });

  it("reports borg failing with borg's message", async () => {
    const { job } = fakeJob({
      producer: { exitCode: 2, stderr: "Archive a1 does not exist\n" },
      consumer: { exitCode: 2, stderr: "tar: This does not look like a tar archive\n" },
    });
    const error = await new TarRestorer().restore(job, fakeParts().parts, { archive: "a1", paths: [] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ARCHIVER_FAILED" });
    expect((error as Error).message).toContain("Archive a1 does not exist");
  });

  it("refuses a transport that cannot run commands on the client", async () => {
    const { job } = fakeJob();
    const { parts } = fakeParts();
    parts.transport = { open: async () => ({ root: "/mnt/x" }) };
    await expect(new TarRestorer().restore(job, parts, { archive: "a1", paths: [] })).rejects.toMatchObject({ code: "PLUGIN_REQUIREMENT" });
  });
});

describe("tar-restore's device nodes (issue 15)", () => {
  it("leaves out the archive's device nodes, whose numbers SFTP never carried, and names them as a warning", async () => {
    const { job } = fakeJob();
    const { parts, exported } = fakeParts();
    parts.archiver.listFiles = async () => [
      { path: "srv/data/b", mode: "brw-r--r--", user: "root", group: "root", uid: 0, gid: 0, size: 0, mtime: "" },
      { path: "srv/data/c", mode: "crw-r--r--", user: "root", group: "root", uid: 0, gid: 0, size: 0, mtime: "" },
      { path: "srv/data/f", mode: "-rw-r--r--", user: "root", group: "root", uid: 0, gid: 0, size: 1, mtime: "" },
    ];
    const error = await new TarRestorer().restore(job, parts, { archive: "a1", paths: ["/srv/data"] }).catch((e: unknown) => e);
    expect(exported).toEqual([{ archive: "a1", paths: ["/srv/data"], excludes: ["/srv/data/b", "/srv/data/c"] }]);
    expect(error).toMatchObject({ code: "ARCHIVER_WARNING" });
    expect((error as Error).message).toContain("2 device nodes whose numbers the archive does not hold");
    expect((error as Error).message).toContain("/srv/data/b, /srv/data/c");
  });
});

describe("tar-restore's borg warnings", () => {
  it("reports borg's exit 1 (a path that matched nothing) as a warning with borg's message", async () => {
    const { job } = fakeJob({ producer: { exitCode: 1, stderr: "Include pattern '/srv/nope' never matched.\n" } });
    const error = await new TarRestorer().restore(job, fakeParts().parts, { archive: "a1", paths: ["/srv/nope"] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ARCHIVER_WARNING" });
    expect((error as Error).message).toContain("never matched");
  });
});
