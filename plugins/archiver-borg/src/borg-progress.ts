import type { Job } from "@pullbak/core";
import type { BorgEvent } from "./borg-log.js";
import { escapeControl, formatBytes } from "@pullbak/core";

/**
 * Shows what borg reports as it goes: progress on a terminal, warnings as
 * they happen, the rest (errors with tracebacks, plain text) for --verbose.
 * The error that ends a failed command is reported once, by the caller.
 */
export function showBorgEvent(job: Job, event: BorgEvent, warningsTo: "warn" | "debug" = "warn"): void {
  switch (event.type) {
    case "archive_progress":
      if (!event.finished && event.nfiles !== undefined) {
        const read = formatBytes(event.original_size ?? 0);
        const fresh = formatBytes(event.deduplicated_size ?? 0);
        job.log.progress(`${event.nfiles} files, ${read} read, ${fresh} new ${event.path ?? ""}`, {
          phase: "backup",
          files: event.nfiles,
          originalBytes: event.original_size ?? 0,
          deduplicatedBytes: event.deduplicated_size ?? 0,
          ...(event.path ? { path: event.path } : {}),
        });
      }
      return;
    case "progress_percent":
    case "progress_message":
      if (!event.finished && event.message) job.log.progress(event.message);
      return;
    case "log_message":
      // One line each: borg's message names client paths, which may hold a newline (issue 15).
      if (event.levelname === "WARNING") job.log[warningsTo](`borg: ${escapeControl(event.message.trim())}`);
      else job.log.debug(`borg: ${escapeControl(event.message.trim())}`);
      return;
    case "question_prompt":
    case "question_env_answer":
      // Every question is answered by borg's environment; --verbose shows which was asked.
      job.log.debug(`borg asked: ${event.message.trim()}`);
      return;
    case "text":
      job.log.debug(`borg: ${event.line}`);
      return;
    default:
      return;
  }
}
