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

function firstLine(text: string): string {
  return text.trim().split("\n")[0] ?? text;
}

/**
 * borg's last word on why it failed, one line. borg logs an error as a
 * message with a msgid ("Repository /x does not exist.") followed, for
 * unexpected ones, by "Local Exception" and a traceback.
 */
export function lastErrorLine(log: BorgLog): string | undefined {
  const { errors } = log;
  const summary = [...errors].reverse().find((e) => e.msgid !== undefined);
  if (summary?.msgid === "Exception") {
    const traceback = errors.slice(errors.indexOf(summary) + 1).find((e) => e.message.startsWith("Traceback"));
    const cause = traceback ? exceptionLine(traceback.message) : undefined;
    if (cause) return cause;
  }
  // An error raised in `borg serve` (isolation chroot reaches its repository through it, issue #10)
  // reaches the client as an RPCError whose message is the server's whole traceback.
  if (summary?.message.startsWith("Traceback")) return exceptionLine(summary.message) ?? firstLine(summary.message);
  if (summary) return firstLine(summary.message);
  const last = errors.at(-1)?.message ?? log.text.at(-1);
  if (last === undefined) return undefined;
  return (last.startsWith("Traceback") ? exceptionLine(last) : undefined) ?? firstLine(last);
}
