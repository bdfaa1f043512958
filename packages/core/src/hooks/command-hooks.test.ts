import { existsSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Job } from "../contracts/job.js";
import { ExecaRunner } from "../process/execa-runner.js";
import { recordOutcome } from "../records/record-outcome.js";
import { CommandHooks } from "./command-hooks.js";

function realJob(): Job & { lines: string[]; warnings: string[] } {
  const lines: string[] = [];
  const warnings: string[] = [];
  const log = { info: (m: string) => void lines.push(m), debug() {}, progress() {}, warn: (m: string) => void warnings.push(m) };
  const host = { name: "web1", address: "192.0.2.10", repository: { path: "/srv/backup/web1" } };
  return { host, commands: new ExecaRunner(new AbortController().signal), log, lines, warnings } as unknown as Job & { lines: string[]; warnings: string[] };
}

describe("command hooks with hostile bytes in the run's facts", () => {
  it("hand a client-chosen error message to the command as data, never as shell text", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pullbak-command-hooks-"));
    const pwned = join(dir, "pwned");
    const out = join(dir, "error.txt");
    // What a hostile client could get into borg's message: a file name with shell syntax, a newline and a NUL.
    const hostile = `cannot read /srv/$(touch ${pwned})\`touch ${pwned}\`;touch ${pwned}\n'"\0end`;
    const hooks = new CommandHooks({ before: [], after: [], onError: [["sh", "-c", 'printf %s "$PULLBAK_ERROR" > "$0"', out]], timeout: 10 });
    const job = realJob();
    await hooks.finished(job, recordOutcome({ host: "web1", action: "backup", start: new Date(), error: new Error(hostile) }));
    expect(job.warnings).toEqual([]);
    expect(await readFile(out, "utf8")).toBe(hostile.replace("\0", "\\0"));
    expect(existsSync(pwned)).toBe(false);
  });

  it("log a command's output line by line, and a failure as one warning naming it", async () => {
    const hooks = new CommandHooks({ before: [], after: [["sh", "-c", "echo done; echo oops >&2; exit 4"], ["/nonexistent/thaw"]], onError: [], timeout: 10 });
    const job = realJob();
    await hooks.finished(job, recordOutcome({ host: "web1", action: "backup", start: new Date() }));
    expect(job.lines).toEqual(expect.arrayContaining(["after[0]: done", "after[0]: oops"]));
    expect(job.warnings).toEqual([
      "host web1: commands.after[0] (sh -c 'echo done; echo oops >&2; exit 4') exited with 4: oops",
      expect.stringMatching(/^host web1: commands\.after\[1\] \(\/nonexistent\/thaw\) was not found/),
    ]);
  });

  it("run nothing for a job that was skipped", async () => {
    const hooks = new CommandHooks({ before: [], after: [["false"]], onError: [["false"]], timeout: 10 });
    const job = realJob();
    await hooks.finished(job, { ...recordOutcome({ host: "web1", action: "backup", start: new Date() }), result: "skipped" });
    expect(job.warnings).toEqual([]);
  });
});
