import type { BorgLog } from "./borg-log.js";

/**
 * The exception line of a traceback: borg logs the traceback and then its
 * system info (starting "Platform:"); the last unindented line before that
 * names the exception, e.g. "OSError: [Errno 28] No space left on device".
 */
function exceptionLine(traceback: string): string | undefined {
  const [trace = ""] = traceback.split("\nPlatform: ");
  const lines = trace.split("\n").filter((line) => line.trim() !== "" && !/^\s/.test(line));
  return lines.filter((line) => !line.startsWith("Traceback") && !line.startsWith("During handling")).at(-1);
}

/**
 * borg's last word on why it failed, one line. borg logs an error as a
 * message with a msgid ("Repository /x does not exist.") followed, for
 * unexpected ones, by "Local Exception" and a traceback.
 */
export function lastErrorLine(log: BorgLog): string {
  const { errors } = log;
  const summary = [...errors].reverse().find((e) => e.msgid !== undefined);
  if (summary && summary.msgid === "Exception") {
    const after = errors.slice(errors.indexOf(summary) + 1).find((e) => e.message.startsWith("Traceback"));
    const cause = after ? exceptionLine(after.message) : undefined;
    if (cause) return cause;
  }
  if (summary) return summary.message.trim().split("\n")[0] ?? summary.message;
  const last = errors.at(-1)?.message ?? log.text.at(-1);
  if (last === undefined) return "borg printed no error message";
  return last.startsWith("Traceback") ? (exceptionLine(last) ?? last.trim().split("\n").at(-1)!) : last.trim().split("\n")[0]!;
}
