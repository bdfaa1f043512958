import { escapeControl, formatBytes, type RunRecord } from "@pullbak/core";

const HEADERS = ["HOST", "RESULT", "DURATION", "FILES", "ORIGINAL", "DEDUPLICATED", "ARCHIVE", "REASON"] as const;

/** Seconds as `42s`, `3m07s`, `1h02m`. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

function row(record: RunRecord): string[] {
  const stats = record.stats;
  const reason = record.result === "ok" ? "" : record.result === "warnings" ? (record.warnings[0] ?? "") : (record.error?.message ?? "");
  return [
    record.host,
    record.result,
    record.result === "skipped" ? "-" : formatDuration(record.durationSeconds),
    stats ? String(stats.files) : "-",
    stats ? formatBytes(stats.originalBytes) : "-",
    stats ? formatBytes(stats.deduplicatedBytes) : "-",
    record.archive ?? "-",
    // One line: the first line of the message, client text escaped.
    reason.split("\n")[0] ?? "",
  ].map(escapeControl);
}

/**
 * The table at the end of a fleet run (issue #11): host, result, duration,
 * files, original and deduplicated bytes, archive, and the one-line reason
 * for anything not ok. Columns are padded; the reason, last, is never cut.
 */
export function summaryTable(records: readonly RunRecord[]): string {
  const rows = [[...HEADERS], ...records.map(row)];
  const widths = HEADERS.map((_, column) => Math.max(...rows.map((cells) => cells[column]!.length)));
  return rows.map((cells) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join("  ").trimEnd()).join("\n");
}
