import { escapeControl, formatBytes, type ProgressDetail } from "@pullbak/core";

/** A running host as the live view shows it. */
export interface HostProgress {
  host: string;
  phase: string;
  /** When the host started, ms since the epoch. */
  since: number;
  detail?: ProgressDetail;
  /** The last free-form progress message, when the archiver gave no detail. */
  message?: string;
}

/** The tail of `path` that fits `width` columns, with "…" in front when cut: the file name matters most. */
export function shortenPath(path: string, width: number): string {
  if (width <= 1) return "";
  const chars = [...path];
  return chars.length <= width ? path : `…${chars.slice(chars.length - width + 1).join("")}`;
}

/**
 * `web1  backup  1234 files  56.0 MB read  3.2 MB/s  …/var/lib/x`, cut to
 * `columns`. The client's path is escaped before it is measured.
 */
export function progressLine(progress: HostProgress, now: number, columns: number, hostWidth: number): string {
  const elapsed = Math.max(0.001, (now - progress.since) / 1000);
  const detail = progress.detail;
  const parts = [progress.host.padEnd(hostWidth), (detail?.phase ?? progress.phase).padEnd(7)];
  if (detail?.files !== undefined) parts.push(`${detail.files} files`);
  if (detail?.originalBytes !== undefined) parts.push(`${formatBytes(detail.originalBytes)} read`, `${formatBytes(detail.originalBytes / elapsed)}/s`);
  if (!detail && progress.message) parts.push(escapeControl(progress.message));
  if (!detail && !progress.message) parts.push(`${Math.round(elapsed)} s`);
  const head = parts.join("  ");
  const room = columns - 1 - head.length - 2;
  const path = detail?.path ? shortenPath(escapeControl(detail.path), room) : "";
  const line = path ? `${head}  ${path}` : head;
  return [...line].slice(0, columns - 1).join("");
}
