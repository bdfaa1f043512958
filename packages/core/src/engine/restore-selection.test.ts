import { describe, expect, it } from "vitest";
import type { ArchiveEntry, Archiver } from "../contracts/archiver.js";
import type { Runner } from "../contracts/isolation.js";
import type { Job } from "../contracts/job.js";
import { restoreSelection, restoreWithNotes } from "./restore-selection.js";

function fakeJob(): Job & { warnings: string[] } {
  const warnings: string[] = [];
  const log = { info() {}, debug() {}, progress() {}, warn: (m: string) => void warnings.push(m) };
  return { host: { name: "web1" }, commands: { dryRun: false }, log, warnings } as unknown as Job & { warnings: string[] };
}

const entry = (path: string, mode: string, mtime = "2026-11-29T10:00:00.000000"): ArchiveEntry => ({ path, mode, user: "root", group: "root", uid: 0, gid: 0, size: 0, mtime });
const archiverOf = (entries: ArchiveEntry[]) => ({ listFiles: async () => entries }) as unknown as Archiver;
const runner = {} as Runner;
const request = { archive: "a1", paths: [] };
const SFTP = { fifos: false, zeroMtime: false };

describe("what a restore leaves out and names (issue 15)", () => {
  it("fails with exit 2 when the selection holds nothing (an empty archive)", async () => {
    await expect(restoreSelection(fakeJob(), archiverOf([]), runner, request, SFTP)).rejects.toMatchObject({ code: "NOTHING_TO_RESTORE", message: expect.stringContaining("nothing was restored") });
  });

  it("fails with exit 2 when the selection holds only what the method cannot create", async () => {
    await expect(restoreSelection(fakeJob(), archiverOf([entry("srv/p", "prw-r--r--")]), runner, { archive: "a1", paths: ["/srv/p"] }, SFTP)).rejects.toMatchObject({ code: "NOTHING_TO_RESTORE" });
  });

  it("leaves out devices always and FIFOs where the method cannot make them, and names every kind and path", async () => {
    const job = fakeJob();
    const entries = [entry("srv", "drwxr-xr-x"), entry("srv/b", "brw-r--r--"), entry("srv/p", "prw-r--r--"), entry("srv/old", "-rw-r--r--", "2038-01-17T03:14:07.000000"), entry("srv/zero", "-rw-r--r--", "1970-01-01T00:00:00.000000")];
    const selection = await restoreSelection(job, archiverOf(entries), runner, request, SFTP);
    expect(selection?.leftOut).toEqual(["/srv/b", "/srv/p"]);
    expect(selection?.notes.join("\n")).toMatch(/1 device node .*: \/srv\/b; recreate/);
    expect(job.warnings).toHaveLength(4);
    const tar = await restoreSelection(job, archiverOf(entries), runner, request, { fifos: true, zeroMtime: true });
    expect(tar?.leftOut).toEqual(["/srv/b"]);
    expect(tar?.notes.join("\n")).not.toContain("/srv/zero");
    await expect(restoreWithNotes(job, selection, async () => {})).rejects.toMatchObject({ code: "ARCHIVER_WARNING", message: expect.stringContaining("/srv/old") });
  });
});
