/** What a job did on a host; `pullbak status`, hooks and monitoring read it. */
export type RunAction = "backup" | "restore" | "prune" | "compact" | "check" | "init";

/**
 * - ok: done, nothing to report
 * - warnings: done, with warnings (exit 1; e.g. a file vanished while read)
 * - failed: not done (exit 2)
 * - interrupted: stopped by Ctrl-C, SIGTERM, a timeout, or killed (exit 130)
 * - skipped: never started (a fleet run interrupted first, a `before` command failed)
 */
export type RunResult = "ok" | "warnings" | "failed" | "interrupted" | "skipped";

/** The archive's figures as the archiver reported them, in bytes. */
export interface RunStats {
  files: number;
  originalBytes: number;
  deduplicatedBytes: number;
  compressedBytes?: number;
}

/**
 * One job on one host, as written to `<stateDir>/hosts/<host>/runs/*.json`
 * (issue #11). Times are ISO 8601 in UTC; durations in seconds.
 */
export interface RunRecord {
  /** Format version of this record. */
  version: 1;
  host: string;
  action: RunAction;
  start: string;
  end: string;
  durationSeconds: number;
  result: RunResult;
  exitCode: number;
  /** The archive created, restored or checked, when there is one. */
  archive?: string;
  stats?: RunStats;
  /** issue 15: set when the backup read every file again (`--full-read` or `fullReadEvery`), saying why. */
  fullRead?: string;
  warnings: string[];
  /** Set when the result is failed or interrupted: pullbak's error code and its one-line message. */
  error?: { code: string; message: string };
  /** The pullbak process that ran the job. */
  pid: number;
}
