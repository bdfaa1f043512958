import { createRequire } from "node:module";
import { escapeControl } from "@pullbak/core";
import type { Logger as Pino } from "pino";

/**
 * pino (a CommonJS package) is loaded on the first JSON event, synchronously,
 * so that only `--log-json` pays for its modules at start-up.
 */
const require = createRequire(import.meta.url);

/** Copies `value` with every string escaped for a log line (client file names may hold escape sequences, issue #11). */
function escapeStrings(value: unknown): unknown {
  if (typeof value === "string") return escapeControl(value);
  if (Array.isArray(value)) return value.map(escapeStrings);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, escapeStrings(inner)]));
  return value;
}

let root: Pino | undefined;

/**
 * The one pino logger of the process behind `--log-json`: one JSON object
 * per line on stderr (fd 2, written synchronously so nothing is lost when
 * pullbak exits), `time` in ISO 8601, `level` as a word, `message`.
 */
function jsonRoot(level: "debug" | "info" | "warn"): Pino {
  if (root) return root;
  const { pino } = require("pino") as typeof import("pino");
  root = pino(
    {
      base: null,
      level,
      messageKey: "message",
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ fd: 2, sync: true }),
  );
  return root;
}

/** The level `--verbose` / `--quiet` select. */
export function jsonLevel(options: { verbose?: boolean | undefined; quiet?: boolean | undefined }): "debug" | "info" | "warn" {
  return options.verbose ? "debug" : options.quiet ? "warn" : "info";
}

/**
 * Writes one event: `{"level","time","host","event","message",...fields}`.
 * Every string is escaped; callers never pass a secret (the passphrase
 * never reaches pullbak's own memory as text, only borg's fd 3).
 */
export function logJsonEvent(
  level: "debug" | "info" | "warn" | "error",
  event: string,
  fields: Record<string, unknown>,
  message: string,
  options: { verbose?: boolean | undefined; quiet?: boolean | undefined },
): void {
  jsonRoot(jsonLevel(options))[level]({ event, ...(escapeStrings(fields) as Record<string, unknown>) }, escapeControl(message));
}
