import { escapeControl } from "@pullbak/core";

/** One line of `borg --log-json` stderr, as far as pullbak reads it. */
export type BorgEvent =
  | { type: "log_message"; levelname: string; message: string; msgid?: string; name?: string }
  | { type: "archive_progress"; finished: boolean; nfiles?: number; original_size?: number; deduplicated_size?: number; path?: string }
  | { type: "progress_percent" | "progress_message"; finished: boolean; message?: string }
  | { type: "file_status"; status: string; path: string }
  | { type: "question_prompt" | "question_env_answer" | "question_accepted_default"; message: string }
  | { type: "text"; line: string };

/** How many warning lines are kept for the result; a run with 100 000 vanished files must not hold them all. */
const KEPT_WARNINGS = 100;
/** How many `--list` lines are kept: one per archive for prune, so far more than a repository holds. */
const KEPT_LISTED = 100_000;

function parse(line: string): BorgEvent {
  if (line.startsWith("{")) {
    try {
      const value = JSON.parse(line) as { type?: unknown };
      if (typeof value.type === "string") return value as BorgEvent;
    } catch {
      // Not JSON after all (a traceback printed before logging was set up): keep it as text.
    }
  }
  return { type: "text", line };
}

/**
 * What a borg command said on stderr: its warnings, its errors, the status
 * of each file it listed, and any plain text (argparse errors come before
 * JSON logging is set up).
 */
export class BorgLog {
  readonly warnings: string[] = [];
  warningCount = 0;
  readonly errors: Array<{ message: string; msgid?: string }> = [];
  readonly text: string[] = [];
  readonly fileStatus = new Map<string, number>();
  /** What `--list` printed (logger `borg.output.list`), e.g. prune's keep/prune line per archive; at most KEPT_LISTED. */
  readonly listed: string[] = [];

  /** Records one stderr line and returns what it was. */
  push(line: string): BorgEvent {
    const event = parse(line);
    if (event.type === "log_message") {
      if (event.name === "borg.output.list" && this.listed.length < KEPT_LISTED) this.listed.push(event.message);
      if (event.levelname === "WARNING") {
        this.warningCount++;
        // One line each: a warning names a client path, which may hold a newline (issue 15).
        if (this.warnings.length < KEPT_WARNINGS) this.warnings.push(escapeControl(event.message.trim()));
      } else if (event.levelname === "ERROR" || event.levelname === "CRITICAL") {
        this.errors.push(event.msgid === undefined ? { message: event.message } : { message: event.message, msgid: event.msgid });
      }
    } else if (event.type === "file_status") {
      this.fileStatus.set(event.status, (this.fileStatus.get(event.status) ?? 0) + 1);
    } else if (event.type === "text" && this.text.length < KEPT_WARNINGS) {
      this.text.push(line);
    }
    return event;
  }

  /** The warnings for a result, with a count of those not kept. */
  warningLines(): string[] {
    const dropped = this.warningCount - this.warnings.length;
    return dropped > 0 ? [...this.warnings, `... and ${dropped} more warnings`] : [...this.warnings];
  }
}
