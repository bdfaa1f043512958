import { describe, expect, it } from "vitest";
import { BorgLog } from "./borg-log.js";
import { lastErrorLine } from "./last-error.js";

function logOf(...lines: object[]): BorgLog {
  const log = new BorgLog();
  for (const line of lines) log.push(JSON.stringify(line));
  return log;
}

// Lines as borg 1.2.4 writes them with --log-json (taken from real runs).
describe("lastErrorLine", () => {
  it("takes borg's error message, not its traceback", () => {
    const log = logOf(
      { type: "log_message", levelname: "ERROR", message: "Repository /srv/backup/web1 does not exist.", msgid: "Repository.DoesNotExist" },
    );
    expect(lastErrorLine(log)).toBe("Repository /srv/backup/web1 does not exist.");
  });

  it("for a Local Exception, names the exception from the traceback (a full disk)", () => {
    const traceback = [
      "Traceback (most recent call last):",
      '  File "/usr/lib/python3/dist-packages/borg/platform/base.py", line 194, in close',
      "    self.sync()",
      "OSError: [Errno 28] No space left on device",
      "",
      "During handling of the above exception, another exception occurred:",
      "",
      "Traceback (most recent call last):",
      '  File "/usr/lib/python3/dist-packages/borg/platform/base.py", line 196, in close',
      "    self.f.close()",
      "OSError: [Errno 28] No space left on device",
      "",
      "Platform: Linux vm 6.18.44 #1 SMP PREEMPT_DYNAMIC x86_64",
      "Borg: 1.2.4  Python: CPython 3.11.2 msgpack: 1.0.3",
      "PID: 10544  CWD: /tmp/bx",
      "sys.argv: ['/usr/bin/borg', 'create', 'small/repo2::x', 'med']",
      "SSH_ORIGINAL_COMMAND: None",
      "",
    ].join("\n");
    const log = logOf(
      { type: "log_message", levelname: "WARNING", message: "med/f: read: [Errno 28] No space left on device" },
      { type: "log_message", levelname: "ERROR", message: "Local Exception", msgid: "Exception" },
      { type: "log_message", levelname: "ERROR", message: traceback },
    );
    expect(lastErrorLine(log)).toBe("OSError: [Errno 28] No space left on device");
  });

  it("falls back to plain text (argparse complains before JSON logging starts)", () => {
    const log = new BorgLog();
    log.push("usage: borg [-V] [-h] ...");
    log.push("borg: error: unrecognized arguments: --bogus");
    expect(lastErrorLine(log)).toBe("borg: error: unrecognized arguments: --bogus");
  });

  it("has nothing to say when borg said nothing", () => {
    expect(lastErrorLine(new BorgLog())).toBeUndefined();
  });
});

describe("BorgLog", () => {
  it("keeps a bounded number of warnings and counts the rest", () => {
    const log = new BorgLog();
    for (let i = 0; i < 150; i++) log.push(JSON.stringify({ type: "log_message", levelname: "WARNING", message: `f${i}: vanished` }));
    const lines = log.warningLines();
    expect(lines).toHaveLength(101);
    expect(lines.at(-1)).toBe("... and 50 more warnings");
  });

  it("counts file statuses from --list", () => {
    const log = logOf({ type: "file_status", status: "A", path: "a" }, { type: "file_status", status: "A", path: "b" }, { type: "file_status", status: "M", path: "c" });
    expect(Object.fromEntries(log.fileStatus)).toEqual({ A: 2, M: 1 });
  });
});
