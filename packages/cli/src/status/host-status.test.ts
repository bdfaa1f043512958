import type { RunRecord } from "@pullbak/core";
import { describe, expect, it } from "vitest";
import { hostStatus, verifiedStatus } from "./host-status.js";

const HOUR = 3600;

function backup(end: string, result: RunRecord["result"], archive?: string): RunRecord {
  return { version: 1, host: "web1", action: "backup", start: end, end, durationSeconds: 60, result, exitCode: 0, warnings: [], pid: 1, ...(archive ? { archive } : {}) };
}

describe("host status", () => {
  const now = new Date("2026-11-29T12:00:00.000Z");

  it("is fine with a good backup younger than maxAge", () => {
    expect(hostStatus("web1", [backup("2026-11-29T02:00:00.000Z", "ok", "a1")], 26 * HOUR, now).attention).toEqual([]);
  });

  it("goes stale when the newest good backup is older than maxAge", () => {
    const status = hostStatus("web1", [backup("2026-11-28T02:00:00.000Z", "ok", "a1")], 26 * HOUR, now);
    expect(status.attention).toEqual([`newest good backup is older than maxAge (${26 * HOUR} s)`]);
  });

  it("needs attention when never backed up, or when the last attempt failed", () => {
    expect(hostStatus("web1", [], 26 * HOUR, now)).toMatchObject({ lastResult: "never", attention: ["never backed up"] });
    const failed = hostStatus("web1", [backup("2026-11-29T02:00:00.000Z", "ok", "a1"), { ...backup("2026-11-29T03:00:00.000Z", "failed"), error: { code: "X", message: "boom\nmore" } }], 26 * HOUR, now);
    expect(failed).toMatchObject({ lastResult: "failed", newestGood: { archive: "a1" }, attention: ["last backup failed: boom"] });
  });

  it("ignores other actions, and shows a running backup without flagging it", () => {
    const records = [backup("2026-11-29T02:00:00.000Z", "ok", "a1"), { ...backup("2026-11-29T03:00:00.000Z", "failed"), action: "restore" as const }];
    expect(hostStatus("web1", records, 26 * HOUR, now, "2026-11-29T11:59:00.000Z")).toMatchObject({ lastResult: "running", attention: [] });
  });

  it("--verify: an archive missing from the repository, or a repository that cannot be read, needs attention", () => {
    const status = () => hostStatus("web1", [backup("2026-11-29T02:00:00.000Z", "ok", "a1")], 26 * HOUR, now);
    expect(verifiedStatus(status(), [{ name: "a1", start: "2026-11-29T01:59:00.000Z" }], now).attention).toEqual([]);
    expect(verifiedStatus(status(), [], now).attention).toEqual(["repository holds no archive", "archive a1 of the last good backup is not in the repository"]);
    expect(verifiedStatus(status(), new Error("locked"), now).attention).toEqual(["repository could not be read: locked"]);
  });
});
