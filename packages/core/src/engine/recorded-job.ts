import type { DependencyContainer } from "tsyringe";
import type { Job } from "../contracts/job.js";
import type { RunAction } from "../contracts/run-record.js";
import { recordOutcome } from "../records/record-outcome.js";
import { recordRun } from "../records/record-run.js";

/**
 * Runs one repository job (prune, compact, check) and writes its run record
 * however it ends (issue 12): `ok`, or `failed` with the error's code and
 * message. The job's own result or error stands.
 */
export async function recordedJob<T>(container: DependencyContainer, job: Job, action: RunAction, work: () => Promise<T>): Promise<T> {
  const start = new Date();
  try {
    const result = await work();
    await recordRun(container, job, recordOutcome({ host: job.host.name, action, start }));
    return result;
  } catch (error) {
    await recordRun(container, job, recordOutcome({ host: job.host.name, action, start, error }));
    throw error;
  }
}
