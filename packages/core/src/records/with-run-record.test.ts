import "reflect-metadata";
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { container } from "tsyringe";
import { describe, expect, it } from "vitest";
import type { Job } from "../contracts/job.js";
import { PullbakError } from "../errors.js";
import { readRunRecords, runRecordsDir } from "./run-records.js";
import { withRunRecord } from "./with-run-record.js";

async function fakeJob(): Promise<Job> {
  const dir = await mkdtemp(join(tmpdir(), "with-run-record-"));
  const log = { info() {}, warn() {}, debug() {}, progress() {} };
  return { host: { name: "web1", keepRuns: 10, hooks: [] }, hostStateDir: dir, commands: { dryRun: false }, log } as unknown as Job;
}

describe("withRunRecord", () => {
  it("writes one ok record with what the job filled in, and leaves no marker", async () => {
    const job = await fakeJob();
    const value = await withRunRecord(container.createChildContainer(), job, "backup", async (outcome) => {
      outcome.archive = "web1-1";
      return 42;
    });
    expect(value).toBe(42);
    expect(await readRunRecords(job.hostStateDir)).toEqual([expect.objectContaining({ host: "web1", action: "backup", result: "ok", archive: "web1-1", pid: process.pid })]);
    expect((await readdir(runRecordsDir(job.hostStateDir))).filter((name) => !name.endsWith(".json"))).toEqual([]);
  });

  it("records a failed job with its error code, then rethrows the error", async () => {
    const job = await fakeJob();
    const failure = new PullbakError("CLIENT_UNREACHABLE", "host web1: cannot reach 192.0.2.1:22");
    let told: unknown;
    await expect(withRunRecord(container.createChildContainer(), job, "restore", () => Promise.reject(failure), (record) => (told = record))).rejects.toBe(failure);
    expect(told).toMatchObject({ action: "restore", result: "failed", exitCode: 2, error: { code: "CLIENT_UNREACHABLE" } });
    expect(await readRunRecords(job.hostStateDir)).toEqual([told]);
  });
});
