import { UndoStack, type Archiver, type CommandRunner, type ExtractRequest, type Job, type Runner, type Transport } from "@pullbak/core";
import { describe, expect, it } from "vitest";
import plugin from "./index.js";
import { ExtractRestorer } from "./extract-restorer.js";

function dryRunJob(): Job {
  const commands = { dryRun: true, note() {} } as unknown as CommandRunner;
  const log = { info() {}, warn() {}, debug() {}, progress() {} };
  return { host: { name: "web1" }, commands, undo: new UndoStack(), log, signal: new AbortController().signal, hostStateDir: "/var/lib/pullbak/hosts/web1" } as unknown as Job;
}

describe("extract", () => {
  it("mounts the client read-write with the restore key and extracts with numeric ids inside the jail", async () => {
    const opened: unknown[] = [];
    const extracted: Array<{ runner: Runner; request: ExtractRequest }> = [];
    const transport: Transport = {
      open: async (_job, request) => {
        opened.push(request);
        return { root: "/var/lib/pullbak/hosts/web1/client", setattrFollowsSymlinks: true };
      },
    };
    const archiver = {
      needs: () => [{ name: "repository", source: "/srv/backup/web1", writable: true }],
      extract: async (_job: Job, runner: Runner, request: ExtractRequest) => void extracted.push({ runner, request }),
    } as unknown as Archiver;
    const isolation = { enter: async () => { throw new Error("extract uses no isolation plugin"); } };

    await new ExtractRestorer().restore(dryRunJob(), { transport, archiver, isolation }, { archive: "web1-1", paths: [] });

    expect(opened).toEqual([{ mount: "write", key: "restore" }]);
    expect(extracted).toHaveLength(1);
    expect(extracted[0]?.request).toEqual({ archive: "web1-1", paths: [], numericIds: true, skipSymlinkMetadata: true, excludes: [] });
    const wrapped = extracted[0]!.runner.wrap({ argv: ["borg", "extract", "--numeric-ids"] });
    expect(wrapped.argv).toContain("/var/lib/pullbak/hosts/web1/client");
    expect(wrapped.argv.slice(-3)).toEqual(["borg", "extract", "--numeric-ids"]);
  });

  it("is a restorer named extract that logs in with an sftp key and works with any archiver", () => {
    expect(plugin).toMatchObject({ name: "extract", kind: "restorer" });
    // Any archiver; a transport that mounts (issue 14).
    expect(plugin.requires).toEqual({ transport: ["mount"] });
    expect(plugin.create({}).key).toEqual({ purpose: "restore", forcedCommand: "internal-sftp" });
  });
});
