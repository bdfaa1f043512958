import type { ErrorCode } from "./errors.js";

/** The process exit codes pullbak promises (DESIGN.md, "Command line"). */
export const ExitCode = {
  ok: 0,
  warnings: 1,
  failed: 2,
  /** 130 is what a shell reports for a job stopped by Ctrl-C. */
  interrupted: 130,
  /** EX_CONFIG from sysexits.h, so cron mail and monitoring can tell config errors apart. */
  config: 78,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

const configCodes: ReadonlySet<ErrorCode> = new Set([
  "CONFIG_NOT_FOUND",
  "CONFIG_SYNTAX",
  "CONFIG_INVALID",
  "UNKNOWN_HOST",
  "UNKNOWN_PLUGIN",
  "PLUGIN_LOAD_FAILED",
  "PLUGIN_SHAPE",
  "PLUGIN_API_VERSION",
  "PLUGIN_OPTIONS",
  "PLUGIN_REQUIREMENT",
  "USAGE",
]);

export function exitCodeFor(code: ErrorCode): ExitCode {
  if (configCodes.has(code)) return ExitCode.config;
  if (code === "ARCHIVER_WARNING") return ExitCode.warnings;
  if (code === "INTERRUPTED") return ExitCode.interrupted;
  return ExitCode.failed;
}
