import { UndoStack, type Archiver, type CommandSpec, type EnterOptions, type ExtractRequest, type Job, type Need, type Runner, type Transport } from "@pullbak/core";
import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import plugin from "./index.js";
import { ChrootExtractRestorer } from "./chroot-extract-restorer.js";

function fakeJob(): Job {
  const log = { info() {}, warn() {}, debug() {}, progress() {} };
  const commands = { dryRun: false, note() {} };
  return { host: { name: "web1", plugins: { isolation: "chroot" } }, commands, undo: new UndoStack(), log, signal: new AbortController().signal } as unknown as Job;
}

/** A client's mounted `/` holding `paths` (what a real extract would have left). */
async function clientRoot(paths: readonly string[]): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "pullbak-chroot-extract-test-"));
  for (const path of paths) await mkdir(join(root, path), { recursive: true });
  return root;
}

describe("chroot-extract", () => {
  it("mounts read-write, enters the isolation with writes going to the client and extracts mapping names", async () => {
    const opened: unknown[] = [];
    const entered: Array<EnterOptions | undefined> = [];
    const extracted: ExtractRequest[] = [];
    const givenNeeds: Need[] = [];
    const wrapped: CommandSpec[] = [];
    const runner: Runner = { pathOf: (n) => `/.pullbak/${n}`, clientPath: (p) => p, added: [], wrap: (s) => s };
    const root = await clientRoot(["/srv/data/x"]);
    const transport: Transport = {
      open: async (_job, request) => {
        opened.push(request);
        return { root, setattrFollowsSymlinks: true };
      },
    };
    const isolation = {
      enter: async (_job: Job, _view: unknown, needs: readonly Need[], options?: EnterOptions) => {
        entered.push(options);
        givenNeeds.push(...needs);
        return runner;
      },
    };
    const archiver = {
      needs: () => [{ name: "repository", source: "/srv/backup/web1", writable: true }],
      extract: async (_job: Job, used: Runner, request: ExtractRequest) => {
        extracted.push(request);
        wrapped.push(used.wrap({ argv: ["borg", "extract"], env: { BORG_X: "1" } }));
      },
    } as unknown as Archiver;

    await new ChrootExtractRestorer().restore(fakeJob(), { transport, archiver, isolation }, { archive: "web1-1", paths: ["/srv/data/x"] });

    expect(opened).toEqual([{ mount: "write", key: "restore" }]);
    expect(entered).toEqual([{ writes: "client" }]);
    // Through a transport that would put a link's owner and times on its target, the archiver is told to leave them.
    expect(extracted).toEqual([{ archive: "web1-1", paths: ["/srv/data/x"], numericIds: false, skipSymlinkMetadata: true, excludes: [] }]);
    expect(givenNeeds.map((n) => [n.name, n.writable])).toEqual([["repository", true]]);
    expect(wrapped[0]?.env).toEqual({ BORG_X: "1" });
  });

  it("fails, rather than report success, when an asked path did not reach the client", async () => {
    const root = await clientRoot([]);
    const runner: Runner = { pathOf: (n) => `/.pullbak/${n}`, clientPath: (p) => p, added: [], wrap: (s) => s };
    const parts = {
      transport: { open: async () => ({ root }) },
      isolation: { enter: async () => runner },
      archiver: { needs: () => [], extract: async () => {} } as unknown as Archiver,
    };
    const error = await new ChrootExtractRestorer().restore(fakeJob(), parts, { archive: "web1-1", paths: ["/srv/data/x"] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "COMMAND_FAILED" });
    expect((error as Error).message).toContain("/srv/data/x is not on the client");
  });

  it("needs the chroot isolation", () => {
    expect(plugin).toMatchObject({ name: "chroot-extract", kind: "restorer", requires: { isolation: ["chroot"] } });
    expect(plugin.create({}).key).toEqual({ purpose: "restore", forcedCommand: "internal-sftp" });
  });
});
