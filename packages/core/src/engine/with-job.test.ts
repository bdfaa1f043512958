import { describe, expect, it } from "vitest";
import type { Job } from "../contracts/job.js";
import { PullbakError } from "../errors.js";
import { UndoStack } from "./undo-stack.js";
import { withJob } from "./with-job.js";

function fakeJob(signal = new AbortController().signal): Job & { warnings: string[] } {
  const warnings: string[] = [];
  const log = { info() {}, debug() {}, progress() {}, warn: (m: string) => void warnings.push(m) };
  return { host: { name: "web1" }, undo: new UndoStack(), log, signal, warnings } as unknown as Job & { warnings: string[] };
}

describe("a job", () => {
  it("tears down after an error and reports the job's own error, not the teardown's", async () => {
    const job = fakeJob();
    const undone: string[] = [];
    job.undo.push("umount", () => void undone.push("umount"));
    job.undo.push("broken", () => {
      throw new Error("busy");
    });
    const error = await withJob(job, async () => {
      throw new PullbakError("ARCHIVER_FAILED", "borg failed");
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ARCHIVER_FAILED" });
    expect((error as Error).message).toBe('borg failed; and 1 teardown step failed: broken (run `pullbak cleanup`)');
    expect(undone).toEqual(["umount"]);
    expect(job.warnings).toEqual(['teardown step "broken" failed: busy']);
  });

  it("fails a job that worked but could not tear down", async () => {
    const job = fakeJob();
    job.undo.push("umount overlay", () => {
      throw new Error("busy");
    });
    await expect(withJob(job, async () => "ok")).rejects.toMatchObject({ code: "TEARDOWN_FAILED" });
  });

  it("reports an interruption as such", async () => {
    const controller = new AbortController();
    const job = fakeJob(controller.signal);
    const error = await withJob(job, async () => {
      controller.abort(new PullbakError("INTERRUPTED", "interrupted by SIGINT"));
      throw new Error("borg: Killed");
    }).catch((e: unknown) => e);
    expect((error as PullbakError).code).toBe("INTERRUPTED");
  });
});
