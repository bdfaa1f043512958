import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunRecord } from "../contracts/run-record.js";
import { markRunStarted, readRunRecords, runningJobs, runRecordsDir, writeRunRecord } from "./run-records.js";

function record(start: string, result: RunRecord["result"] = "ok"): RunRecord {
  return { version: 1, host: "web1", action: "backup", start, end: start, durationSeconds: 1, result, exitCode: 0, warnings: [], pid: 42 };
}

describe("run records", () => {
  it("reads back what was written, oldest first, and keeps only the newest N", async () => {
    const dir = await mkdtemp(join(tmpdir(), "records-"));
    await writeRunRecord(dir, record("2026-01-02T00:00:00.000Z"), 2);
    await writeRunRecord(dir, record("2026-01-01T00:00:00.000Z", "failed"), 2);
    await writeRunRecord(dir, record("2026-01-03T00:00:00.000Z"), 2);
    const records = await readRunRecords(dir);
    expect(records.map((r) => r.start)).toEqual(["2026-01-02T00:00:00.000Z", "2026-01-03T00:00:00.000Z"]);
    expect((await readdir(runRecordsDir(dir))).some((name) => name.includes(".tmp-"))).toBe(false);
  });

  it("skips a truncated file, a FIFO-less link and foreign JSON instead of failing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "records-"));
    await writeRunRecord(dir, record("2026-01-01T00:00:00.000Z"));
    await writeFile(join(runRecordsDir(dir), "2026-01-02-backup-1.json"), '{"version":1,"ho');
    await writeFile(join(runRecordsDir(dir), "2026-01-03-backup-1.json"), '{"hello":"world"}');
    await symlink("/etc/passwd", join(runRecordsDir(dir), "2026-01-04-backup-1.json"));
    expect((await readRunRecords(dir)).map((r) => r.start)).toEqual(["2026-01-01T00:00:00.000Z"]);
  });

  it("a job's marker is gone once its record is written", async () => {
    const dir = await mkdtemp(join(tmpdir(), "records-"));
    const start = await markRunStarted(dir, "web1", "backup");
    expect(await runningJobs(dir)).toEqual([{ action: "backup", start: start.toISOString(), pid: process.pid }]);
    await writeRunRecord(dir, { ...record(start.toISOString()), pid: process.pid });
    expect(await readdir(runRecordsDir(dir))).toEqual([expect.stringMatching(/-backup-\d+\.json$/)]);
    expect(await runningJobs(dir)).toEqual([]);
  });

  it("a job killed with SIGKILL (marker left, pid gone) reads back as interrupted, and stays so", async () => {
    const dir = await mkdtemp(join(tmpdir(), "records-"));
    // The pid of a process that has exited: what a SIGKILLed pullbak leaves in its marker.
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    const pid = Number(dead.stdout);
    const start = "2026-11-29T02:00:00.000Z";
    await mkdir(runRecordsDir(dir), { recursive: true });
    await writeFile(join(runRecordsDir(dir), `${start.replaceAll(":", "-")}-backup-${pid}.running`), JSON.stringify({ version: 1, host: "web1", action: "backup", start, pid }));
    const first = await readRunRecords(dir);
    expect(first.at(-1)).toMatchObject({ host: "web1", action: "backup", start, pid, result: "interrupted", exitCode: 130, error: { code: "INTERRUPTED" } });
    expect(await runningJobs(dir)).toEqual([]);
    // Written down as a record: a second reader sees the same, without the marker.
    expect((await readRunRecords(dir)).at(-1)).toEqual(first.at(-1));
    expect((await readdir(runRecordsDir(dir))).filter((name) => name.endsWith(".running"))).toEqual([]);
  });
});
