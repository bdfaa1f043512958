import type { ResolvedHost } from "../config/resolve-host.js";
import type { RunAction, RunRecord } from "../contracts/run-record.js";

/** Which list of `commands:` is running; a command sees it as PULLBAK_PHASE. */
export type CommandPhase = "before" | "after" | "onError";

/** An environment value cannot hold a NUL byte; a client's file name in an error message might. */
function envValue(value: string | number): string {
  return String(value).replaceAll("\0", "\\0");
}

/**
 * The run's facts as environment variables for a command hook (issue #13).
 * Before the job only the host's facts are known; after it, the run record's.
 * Never the passphrase nor anything from pullbak's own environment: the
 * command starts from the runner's small fixed environment (PATH, LANG,
 * LC_ALL, HOME) plus these.
 *
 * - PULLBAK_HOST, PULLBAK_ADDRESS, PULLBAK_REPOSITORY, PULLBAK_ACTION, PULLBAK_PHASE
 * - after the job: PULLBAK_RESULT (ok, warnings, failed, interrupted),
 *   PULLBAK_EXIT_CODE (pullbak's, 0/1/2/130), PULLBAK_START, PULLBAK_END (ISO 8601 UTC),
 *   PULLBAK_DURATION (seconds), PULLBAK_WARNINGS (count),
 *   PULLBAK_ARCHIVE, PULLBAK_FILES, PULLBAK_ORIGINAL_BYTES, PULLBAK_DEDUPLICATED_BYTES
 *   when there is an archive, PULLBAK_ERROR and PULLBAK_ERROR_CODE when it failed.
 */
export function commandFacts(host: ResolvedHost, phase: CommandPhase, action: RunAction, record?: RunRecord): Record<string, string> {
  const env: Record<string, string> = {
    PULLBAK_HOST: host.name,
    PULLBAK_ADDRESS: host.address,
    PULLBAK_REPOSITORY: host.repository.path,
    PULLBAK_ACTION: action,
    PULLBAK_PHASE: phase,
  };
  if (!record) return env;
  Object.assign(env, {
    PULLBAK_RESULT: record.result,
    PULLBAK_EXIT_CODE: envValue(record.exitCode),
    PULLBAK_START: record.start,
    PULLBAK_END: record.end,
    PULLBAK_DURATION: envValue(record.durationSeconds),
    PULLBAK_WARNINGS: envValue(record.warnings.length),
  });
  if (record.archive) env.PULLBAK_ARCHIVE = envValue(record.archive);
  if (record.stats) {
    env.PULLBAK_FILES = envValue(record.stats.files);
    env.PULLBAK_ORIGINAL_BYTES = envValue(record.stats.originalBytes);
    env.PULLBAK_DEDUPLICATED_BYTES = envValue(record.stats.deduplicatedBytes);
  }
  if (record.error) {
    env.PULLBAK_ERROR = envValue(record.error.message);
    env.PULLBAK_ERROR_CODE = record.error.code;
  }
  return env;
}
