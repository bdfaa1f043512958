import type { Job } from "./job.js";

export interface JobEvent {
  action: "backup" | "restore";
  host: string;
}

/** Runs around a job: notify, lock/unlock, metrics. Each method is optional. */
export interface Hook {
  before?(job: Job, event: JobEvent): Promise<void>;
  after?(job: Job, event: JobEvent): Promise<void>;
  onError?(job: Job, event: JobEvent, error: unknown): Promise<void>;
}
