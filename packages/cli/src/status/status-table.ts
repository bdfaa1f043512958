import { escapeControl, formatBytes } from "@pullbak/core";
import { formatDuration } from "../fleet/summary-table.js";
import type { HostStatus } from "./host-status.js";

const HEADERS = ["", "HOST", "LAST", "GOOD BACKUP", "LAST ATTEMPT", "DURATION", "SIZE", "ATTENTION"];

function ago(iso: string | undefined, now: Date): string {
  return iso === undefined ? "-" : `${formatDuration(Math.max(0, (now.getTime() - Date.parse(iso)) / 1000))} ago`;
}

/**
 * One line per host: a `!` for hosts that need attention, the last result,
 * the age of the newest good backup, the last attempt, its duration, the
 * size (original bytes) of the newest good archive, and why it needs attention.
 */
export function statusTable(statuses: readonly HostStatus[], now: Date): string {
  const rows = [
    HEADERS,
    ...statuses.map((s) => [
      s.attention.length > 0 ? "!" : " ",
      s.host,
      s.lastResult,
      s.newestGood ? `${formatDuration(s.newestGood.ageSeconds)} ago` : "never",
      ago(s.lastAttempt, now),
      s.lastDurationSeconds === undefined || s.lastResult === "running" ? "-" : formatDuration(s.lastDurationSeconds),
      s.newestGood?.originalBytes === undefined ? "-" : formatBytes(s.newestGood.originalBytes),
      s.attention.join("; "),
    ]),
  ].map((cells) => cells.map(escapeControl));
  const widths = HEADERS.map((_, column) => Math.max(...rows.map((cells) => cells[column]!.length)));
  return rows.map((cells) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join("  ").trimEnd()).join("\n");
}
