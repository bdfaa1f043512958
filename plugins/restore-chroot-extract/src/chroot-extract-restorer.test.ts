import { UndoStack, type Archiver, type EnterOptions, type ExtractRequest, type Job, type Runner, type Transport } from "@pullbak/core";
import { describe, expect, it } from "vitest";
import plugin from "./index.js";
import { ChrootExtractRestorer } from "./chroot-extract-restorer.js";

function fakeJob(): Job {
  const log = { info() {}, warn() {}, debug() {}, progress() {} };
  return { host: { name: "web1" }, undo: new UndoStack(), log, signal: new AbortController().signal } as unknown as Job;
}

describe("chroot-extract", () => {
  it("mounts read-write, enters the isolation with writes going to the client and extracts mapping names", async () => {
    const opened: unknown[] = [];
    const entered: Array<EnterOptions | undefined> = [];
    const extracted: ExtractRequest[] = [];
    const runner: Runner = { pathOf: (n) => `/.pullbak/${n}`, clientPath: (p) => p, added: [], wrap: (s) => s };
    const transport: Transport = {
      open: async (_job, request) => {
        opened.push(request);
        return { root: "/var/lib/pullbak/hosts/web1/client" };
      },
    };
    const isolation = {
      enter: async (_job: Job, _view: unknown, _needs: unknown, options?: EnterOptions) => {
        entered.push(options);
        return runner;
      },
    };
    const archiver = {
      needs: () => [{ name: "repository", source: "/srv/backup/web1", writable: true }],
      extract: async (_job: Job, used: Runner, request: ExtractRequest) => {
        expect(used).toBe(runner);
        extracted.push(request);
      },
    } as unknown as Archiver;

    await new ChrootExtractRestorer().restore(fakeJob(), { transport, archiver, isolation }, { archive: "web1-1", paths: ["/srv/data/x"] });

    expect(opened).toEqual([{ mount: "write", key: "restore" }]);
    expect(entered).toEqual([{ writes: "client" }]);
    expect(extracted).toEqual([{ archive: "web1-1", paths: ["/srv/data/x"], numericIds: false }]);
  });

  it("needs the chroot isolation", () => {
    expect(plugin).toMatchObject({ name: "chroot-extract", kind: "restorer", requires: { isolation: ["chroot"] } });
    expect(plugin.create({}).key).toEqual({ purpose: "restore", forcedCommand: "internal-sftp" });
  });
});
