import type { Job } from "./job.js";
import type { RunAction, RunRecord } from "./run-record.js";

export interface JobEvent {
  action: RunAction;
  host: string;
}

/**
 * Runs around a job: notify, lock/unlock, metrics. Each method is optional.
 * A hook that throws in `after`, `onError` or `finished` is reported as a
 * warning; it never fails the job nor leaves a mount behind. A hook that talks
 * to the network bounds its own time (its `timeout` option).
 */
export interface Hook {
  /** Before the job touches the client; throwing here skips the host's job (reported as failed). */
  before?(job: Job, event: JobEvent): Promise<void>;
  after?(job: Job, event: JobEvent): Promise<void>;
  onError?(job: Job, event: JobEvent, error: unknown): Promise<void>;
  /**
   * Once per job, after its run record was written, whatever the result
   * (issue #13: webhook, healthchecks, prometheus read the record here).
   */
  finished?(job: Job, record: RunRecord): Promise<void>;
}
