import { isPullbakError, PullbakError, type Job } from "@pullbak/core";
import type { BorgLog } from "./borg-log.js";
import { lastErrorLine } from "./last-error.js";

/** borg exited 2 or more: its last error line, naming the host. */
export function borgFailed(job: Job, command: string, exitCode: number, log: BorgLog): PullbakError {
  return new PullbakError("ARCHIVER_FAILED", `host ${job.host.name}: borg ${command} failed (exit ${exitCode}): ${lastErrorLine(log)}`);
}

/**
 * The job was stopped while borg ran. A reason the engine gave with its own
 * code (a dead client link, a timeout) keeps that code; Ctrl-C and SIGTERM
 * become INTERRUPTED.
 */
export function borgStopped(job: Job, command: string, aftermath = ""): PullbakError {
  const reason: unknown = job.signal.reason;
  const tail = aftermath ? `; ${aftermath}` : "";
  if (isPullbakError(reason) && reason.code !== "INTERRUPTED") {
    return new PullbakError(reason.code, `host ${job.host.name}: borg ${command} stopped: ${reason.message}${tail}`, { cause: reason });
  }
  const why = reason instanceof Error ? reason.message : "canceled";
  return new PullbakError("INTERRUPTED", `host ${job.host.name}: borg ${command} ${why}${tail}`, { cause: reason });
}
