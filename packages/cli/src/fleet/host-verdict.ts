import { escapeControl, formatBytes, type RunRecord } from "@pullbak/core";

/** `1234 files, 56.0 MB read, 3.1 MB new`, or "" without stats. */
export function statsText(record: RunRecord): string {
  const stats = record.stats;
  return stats ? `${stats.files} files, ${formatBytes(stats.originalBytes)} read, ${formatBytes(stats.deduplicatedBytes)} new` : "";
}

/**
 * The one line that ends a host in a plain or live view. A failure keeps
 * the form pullbak has always ended a failed host with (`pullbak: host X:
 * what went wrong`), so a single-host run still ends on its verdict.
 */
export function hostVerdict(record: RunRecord): string {
  if (record.result === "ok" || record.result === "warnings") {
    const stats = statsText(record);
    const what = record.archive ? `archive ${record.archive}` : record.action;
    const warned = record.result === "warnings" ? `, ${record.warnings.length} warning${record.warnings.length === 1 ? "" : "s"}` : "";
    return escapeControl(`${record.host}: ${record.result}: ${what}${stats ? ` (${stats})` : ""}${warned} in ${record.durationSeconds} s`);
  }
  if (record.result === "skipped") return escapeControl(`${record.host}: skipped: ${record.error?.message ?? "not started"}`);
  return `pullbak: ${escapeControl(record.error?.message ?? `host ${record.host}: ${record.result}`)}`;
}
