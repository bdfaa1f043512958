import { mkdtemp, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FullReadSchedule } from "../config/resolve-host.js";
import type { Job } from "../contracts/job.js";
import { countFullRead, fullReadOutlook, fullReadReason } from "./full-read-schedule.js";

async function fakeJob(fullReadEvery?: FullReadSchedule): Promise<{ job: Job; warnings: string[] }> {
  const warnings: string[] = [];
  const hostStateDir = await mkdtemp(join(tmpdir(), "pullbak-full-read-"));
  const log = { info() {}, debug() {}, progress() {}, warn: (line: string) => warnings.push(line) };
  const job = { host: { name: "web1", ...(fullReadEvery ? { fullReadEvery } : {}) }, hostStateDir, log, commands: { dryRun: false } } as unknown as Job;
  return { job, warnings };
}

describe("the full re-read schedule (issue 15)", () => {
  it("every 3 runs: runs 1 and 2 trust the files cache, run 3 reads everything, then the count starts again", async () => {
    const { job } = await fakeJob({ runs: 3 });
    const seen: Array<string | undefined> = [];
    for (let run = 1; run <= 6; run++) {
      const reason = await fullReadReason(job, false);
      seen.push(reason);
      await countFullRead(job, reason !== undefined);
    }
    expect(seen.map((r) => r !== undefined)).toEqual([false, false, true, false, false, true]);
    expect(seen[2]).toBe("scheduled (every 3 runs: run 3 since counting began)");
    expect(seen[5]).toBe("scheduled (every 3 runs: run 3 since the last full read)");
  });

  it("--full-read resets the count; no schedule means only --full-read", async () => {
    const { job } = await fakeJob({ runs: 2 });
    await countFullRead(job, false);
    expect(await fullReadReason(job, true)).toBe("asked (--full-read)");
    await countFullRead(job, true);
    expect(await fullReadReason(job, false)).toBeUndefined();
    const { job: unscheduled } = await fakeJob();
    await countFullRead(unscheduled, false);
    await countFullRead(unscheduled, false);
    expect(await fullReadReason(unscheduled, false)).toBeUndefined();
    expect(await fullReadOutlook(unscheduled)).toBeUndefined();
  });

  it("a duration: due once that long has passed since the last full read (or since counting began)", async () => {
    const { job } = await fakeJob({ seconds: 30 * 86_400 });
    const start = new Date("2026-01-01T00:00:00Z");
    await countFullRead(job, false, start);
    expect(await fullReadReason(job, false, new Date("2026-01-30T00:00:00Z"))).toBeUndefined();
    expect(await fullReadReason(job, false, new Date("2026-01-31T00:00:00Z"))).toMatch(/^scheduled \(every 30 days: 2592000 s since counting began/);
    await countFullRead(job, true, new Date("2026-01-31T00:00:00Z"));
    expect(await fullReadReason(job, false, new Date("2026-02-01T00:00:00Z"))).toBeUndefined();
    expect(await fullReadOutlook(job)).toBe("full re-read every 30 days: 0 runs since the last full read (2026-01-31T00:00:00.000Z)");
  });

  it("a planted link is not followed: the count starts again and the link is replaced, not written through", async () => {
    const { job, warnings } = await fakeJob({ runs: 2 });
    const elsewhere = join(job.hostStateDir, "elsewhere");
    await writeFile(elsewhere, "keep me\n");
    await symlink(elsewhere, join(job.hostStateDir, "full-read.json"));
    expect(await fullReadReason(job, false)).toBeUndefined();
    expect(warnings.join("\n")).toContain("symbolic link");
    await countFullRead(job, false);
    expect(await readFile(elsewhere, "utf8")).toBe("keep me\n");
    expect(JSON.parse(await readFile(join(job.hostStateDir, "full-read.json"), "utf8"))).toMatchObject({ runsSince: 1 });
  });
});
