/**
 * What a long step has done so far, as the archiver reports it (borg's
 * `--log-json` `archive_progress`); shown as a live line per host on a
 * terminal (issue #11). Bytes are bytes; `path` is the client's, unescaped.
 */
export interface ProgressDetail {
  /** What the host is doing: "backup", "restore", "check"... */
  phase: string;
  files?: number;
  /** Bytes read from the client so far. */
  originalBytes?: number;
  /** Bytes new to the repository so far. */
  deduplicatedBytes?: number;
  /** The file being read, as the client names it (escape before display). */
  path?: string;
}

/**
 * Where a job's messages go. Messages may hold client-originated text (file
 * names, borg's words about them): every implementation escapes control
 * characters before they reach a terminal or a log line (`escapeControl`).
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
  /** Progress of a long step; shown on a terminal, dropped from plain logs. `detail` feeds a structured display. */
  progress(message: string, detail?: ProgressDetail): void;
  /**
   * The last `count` lines this logger wrote (info and warnings, oldest
   * first), for a failure report such as a Healthchecks fail ping (issue #13).
   * Optional: a logger that keeps nothing leaves it out.
   */
  recent?(count: number): string[];
}
