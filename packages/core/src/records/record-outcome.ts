import type { RunAction, RunRecord, RunStats } from "../contracts/run-record.js";
import { isPullbakError } from "../errors.js";
import { ExitCode, exitCodeFor } from "../exit-codes.js";

/** What a finished job hands over to become its record. */
export interface JobOutcome {
  host: string;
  action: RunAction;
  /** When the job started. */
  start: Date;
  /** Defaults to now. */
  end?: Date;
  archive?: string;
  stats?: RunStats;
  /** issue 15: why the backup read every file again, when it did. */
  fullRead?: string;
  warnings?: readonly string[];
  /** The job's error, when it did not finish. */
  error?: unknown;
}

/**
 * Builds the record of a job from how it ended: no error and no warnings is
 * `ok` (0), warnings `warnings` (1), an INTERRUPTED error `interrupted`
 * (130), any other error `failed` with the exit code pullbak gives it.
 */
export function recordOutcome(outcome: JobOutcome): RunRecord {
  const end = outcome.end ?? new Date();
  const warnings = [...(outcome.warnings ?? [])];
  const base = {
    version: 1 as const,
    host: outcome.host,
    action: outcome.action,
    start: outcome.start.toISOString(),
    end: end.toISOString(),
    durationSeconds: Math.max(0, Math.round((end.getTime() - outcome.start.getTime()) / 100) / 10),
    warnings,
    pid: process.pid,
    ...(outcome.archive ? { archive: outcome.archive } : {}),
    ...(outcome.stats ? { stats: outcome.stats } : {}),
    ...(outcome.fullRead ? { fullRead: outcome.fullRead } : {}),
  };
  if (outcome.error === undefined) {
    return warnings.length > 0 ? { ...base, result: "warnings", exitCode: ExitCode.warnings } : { ...base, result: "ok", exitCode: ExitCode.ok };
  }
  const code = isPullbakError(outcome.error) ? outcome.error.code : "UNEXPECTED";
  const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
  const exitCode = isPullbakError(outcome.error) ? exitCodeFor(outcome.error.code) : ExitCode.failed;
  const result = code === "INTERRUPTED" ? "interrupted" : code === "ARCHIVER_WARNING" ? "warnings" : "failed";
  return { ...base, result, exitCode, error: { code, message } };
}
