import type { DependencyContainer } from "tsyringe";
import type { Job } from "../contracts/job.js";
import type { RunAction, RunRecord } from "../contracts/run-record.js";
import { recordOutcome, type JobOutcome } from "./record-outcome.js";
import { recordRun } from "./record-run.js";
import { markRunStarted } from "./run-records.js";

/**
 * Runs `work` as one recorded job on the host (issue #11): leaves the
 * "started" marker (so a SIGKILL reads back as interrupted), lets `work`
 * fill in the outcome (archive, stats, warnings), then writes the final
 * record and hands it to the hooks (`recordRun`), once, whatever happened.
 * `onRecord` is told the record; the job's error is rethrown after it.
 */
export async function withRunRecord<T>(
  container: DependencyContainer,
  job: Job,
  action: RunAction,
  work: (outcome: JobOutcome) => Promise<T>,
  onRecord?: (record: RunRecord) => void,
): Promise<T> {
  const outcome: JobOutcome = { host: job.host.name, action, start: new Date() };
  try {
    if (!job.commands.dryRun) await markRunStarted(job.hostStateDir, job.host.name, action, outcome.start);
  } catch (error) {
    // Without the marker only a SIGKILL goes unrecorded; the job itself can run.
    job.log.warn(`could not mark the run as started: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return await work(outcome);
  } catch (error) {
    outcome.error = error;
    throw error;
  } finally {
    const record = recordOutcome(outcome);
    await recordRun(container, job, record);
    onRecord?.(record);
  }
}
