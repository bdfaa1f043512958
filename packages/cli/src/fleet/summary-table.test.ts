import type { RunRecord } from "@pullbak/core";
import { describe, expect, it } from "vitest";
import { fleetExitCode } from "./run-fleet.js";
import { formatDuration, summaryTable } from "./summary-table.js";

function record(host: string, result: RunRecord["result"], extra: Partial<RunRecord> = {}): RunRecord {
  const exitCode = { ok: 0, warnings: 1, failed: 2, interrupted: 130, skipped: 130 }[result];
  return { version: 1, host, action: "backup", start: "2026-11-29T02:00:00.000Z", end: "2026-11-29T02:01:05.000Z", durationSeconds: 65, result, exitCode, warnings: [], pid: 1, ...extra };
}

describe("the fleet summary", () => {
  it("has a row per host with figures, archive and the one-line reason; client text escaped", () => {
    const table = summaryTable([
      record("web1", "ok", { archive: "web1-2026", stats: { files: 12, originalBytes: 1_500_000, deduplicatedBytes: 2000 } }),
      record("db1", "failed", { error: { code: "CLIENT_UNREACHABLE", message: "host db1: cannot reach 10.0.0.2:22\nsecond line" } }),
      record("evil", "warnings", { warnings: ["file /x\x1b]0;pwned\x07 changed while read"] }),
    ]);
    const lines = table.split("\n");
    expect(lines[0]).toMatch(/^HOST +RESULT +DURATION +FILES +ORIGINAL +DEDUPLICATED +ARCHIVE +REASON$/);
    expect(lines[1]).toMatch(/^web1 +ok +1m05s +12 +1\.5 MB +2\.0 kB +web1-2026$/);
    expect(lines[2]).toMatch(/^db1 +failed +1m05s +- +- +- +- +host db1: cannot reach 10\.0\.0\.2:22$/);
    expect(lines[3]).toContain("file /x\\x1b]0;pwned\\x07 changed while read");
    expect(table).not.toMatch(/[\x00-\x09\x0b-\x1f]/);
  });

  it("formats durations for people", () => {
    expect([formatDuration(4.4), formatDuration(187), formatDuration(3720)]).toEqual(["4s", "3m07s", "1h02m"]);
  });

  it("exits with the worst host's code, 130 when anything was interrupted or skipped", () => {
    expect(fleetExitCode([record("a", "ok"), record("b", "warnings")])).toBe(1);
    expect(fleetExitCode([record("a", "ok"), record("b", "failed"), record("c", "warnings")])).toBe(2);
    expect(fleetExitCode([record("a", "failed"), record("b", "skipped")])).toBe(130);
    expect(fleetExitCode([record("a", "ok")])).toBe(0);
  });
});
