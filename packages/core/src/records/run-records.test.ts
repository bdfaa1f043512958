import { mkdtemp, readdir, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunRecord } from "../contracts/run-record.js";
import { readRunRecords, runRecordsDir, writeRunRecord } from "./run-records.js";

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
});
