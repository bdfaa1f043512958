import { isPullbakError, PullbakError, type Job } from "@pullbak/core";
import type { BorgLog } from "./borg-log.js";
import { lastErrorLine } from "./last-error.js";
import { rolledBackRepository } from "./rolled-back-repository.js";
import { storageQuotaExceeded } from "./storage-quota.js";

/** borg exited 2 or more: its last error line, naming the host. */
export function borgFailed(job: Job, command: string, exitCode: number, log: BorgLog): PullbakError {
  const rolledBack = rolledBackRepository(job, command, log);
  if (rolledBack) return rolledBack;
  const overQuota = storageQuotaExceeded(job, command, log);
  if (overQuota) return overQuota;
  // 128+N: killed by signal N before it could say anything (the OOM killer, an admin's kill -9).
  const said = lastErrorLine(log) ?? (exitCode > 128 ? `killed by signal ${exitCode - 128}` : "borg printed no error message");
  return new PullbakError("ARCHIVER_FAILED", `host ${job.host.name}: borg ${command} failed (exit ${exitCode}): ${said}`);
}

/** borg's --json output, or a clear error naming the command when it is not JSON. */
export function parseBorgJson<T>(job: Job, command: string, stdout: string): T {
  try {
    return JSON.parse(stdout) as T;
  } catch {
    throw new PullbakError("ARCHIVER_FAILED", `host ${job.host.name}: borg ${command} printed no valid JSON: ${stdout.slice(0, 200)}`);
  }
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
    // The reason names the host and says what happened; borg's part comes after it.
    return new PullbakError(reason.code, `${reason.message}; borg ${command} was stopped${tail}`, { cause: reason });
  }
  const why = reason instanceof Error ? reason.message : "canceled";
  return new PullbakError("INTERRUPTED", `host ${job.host.name}: borg ${command} ${why}${tail}`, { cause: reason });
}
