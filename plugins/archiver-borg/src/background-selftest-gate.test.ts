/**
 * libexec/python/pullbak_background_selftest.py, run by the real python3
 * against a stand-in `borg` package of a chosen version, loaded the way borg
 * loads it (sitecustomize.py at start-up, PULLBAK_BORG_PATCHES naming the
 * patch, borg.archiver imported later): where the self-test runs, what a
 * failed one does to the commit, and what is left of the child. That real
 * borg refuses to commit after a failed self-test in a lab backup:
 * test/client-borg-selftest.test.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { fakeBorgs } from "./__fixtures__/fake-borg.js";

const fakes = fakeBorgs("selftest");

/**
 * borg's modules with the names the patch uses. selftest() writes
 * "PID SIGINT-ignored" to $MARK (whole, by rename), then passes, exits 2
 * ($FAKE_SELFTEST=fail) or sleeps ($FAKE_SELFTEST=sleep); both commits
 * return "committed".
 */
const MODULES = {
  "selftest.py": [
    "import os, signal, sys, time",
    "def selftest(logger):",
    "    with open(os.environ['MARK'] + '.new', 'w') as mark:",
    "        mark.write(f'{os.getpid()} {signal.getsignal(signal.SIGINT) == signal.SIG_IGN}')",
    "    os.replace(os.environ['MARK'] + '.new', os.environ['MARK'])",
    "    if os.environ.get('FAKE_SELFTEST') == 'fail':",
    "        logger.error('self test failed')",
    "        sys.exit(2)",
    "    if os.environ.get('FAKE_SELFTEST') == 'sleep':",
    "        time.sleep(60)",
    "",
  ].join("\n"),
  "archiver.py": "from .selftest import selftest\n",
  "helpers.py": [
    "class Error(Exception):",
    "    exit_code = 2",
    "    def get_message(self):",
    "        return type(self).__doc__.format(*self.args)",
    "",
  ].join("\n"),
  "remote.py": "class RemoteRepository:\n    def commit(self, compact=True):\n        return 'committed'\n",
  "repository.py": "class Repository:\n    def commit(self, compact=True):\n        return 'committed'\n",
};

/** What borg does: prerun checks call selftest(), then the backup commits through both repositories (or exits). */
const BACKUP = [
  "import logging, os, sys, time",
  "logging.basicConfig(stream=sys.stderr, format='%(message)s')",
  "import borg.archiver",
  "from borg.remote import RemoteRepository",
  "from borg.repository import Repository",
  "borg.archiver.selftest(logging.getLogger('borg.selftest'))",
  "print(os.getpid(), flush=True)",
  "while not os.path.exists(os.environ['MARK']):",
  "    time.sleep(0.01)",
  "if sys.argv[1] == 'commit':",
  "    for repository in (RemoteRepository(), Repository()):",
  "        try:",
  "            print(repository.commit(compact=False), flush=True)",
  "        except Exception as error:",
  "            print('refused:', error.get_message(), flush=True)",
].join("\n");

interface Run {
  exitCode: number;
  stdout: string[];
  stderr: string;
  /** The self-test's pid and whether it ignored SIGINT, from $MARK. */
  selftestPid: number;
  ignoredSigint: boolean;
}

async function backUp(version: string, then: "commit" | "exit", env: Record<string, string> = {}, patches = "background-selftest"): Promise<Run> {
  const mark = join(fakes.dir, `mark-${version}-${then}-${Object.values(env).join("-")}-${patches}`);
  const result = await execa("python3", ["-c", BACKUP, then, "--log-json"], {
    env: fakes.env(version, MODULES, patches, { MARK: mark, ...env }),
    extendEnv: false,
    reject: false,
    timeout: 30_000,
  });
  const [pid, ignored] = readFileSync(mark, "utf8").split(" ");
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout.split("\n").filter(Boolean), stderr: result.stderr, selftestPid: Number(pid), ignoredSigint: ignored === "True" };
}

describe("background-selftest", () => {
  it("runs borg 1.2.4's self-test in a child that ignores SIGINT, and commits once it passed", async () => {
    const run = await backUp("1.2.4", "commit");
    expect(run.exitCode, run.stderr).toBe(0);
    const [pid, ...commits] = run.stdout;
    expect(run.selftestPid).not.toBe(Number(pid));
    expect(run.ignoredSigint).toBe(true);
    expect(commits).toEqual(["committed", "committed"]);
    expect(JSON.parse(run.stderr)).toMatchObject({ type: "log_message", levelname: "INFO", message: expect.stringMatching(/^background-selftest on \(borg 1\.2\.4\)/) });
  });

  it("refuses every commit after a failed self-test, with borg's lines and its own message", async () => {
    const run = await backUp("1.2.4", "commit", { FAKE_SELFTEST: "fail" });
    expect(run.stdout.slice(1)).toEqual([
      "refused: borg's self-test failed (exit 2): borg, its package, the OS or the hardware is at fault; nothing was committed.",
      "refused: borg's self-test failed (exit 2): borg, its package, the OS or the hardware is at fault; nothing was committed.",
    ]);
    expect(run.stderr).toMatch(/self test failed/);
  });

  it("ends and reaps a self-test still running when borg exits without a commit", async () => {
    const started = Date.now();
    const run = await backUp("1.2.4", "exit", { FAKE_SELFTEST: "sleep" });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(() => process.kill(run.selftestPid, 0)).toThrow(/ESRCH/);
  });

  it.each(["1.2.3", "1.2.8", "2.0.0b14"])("leaves borg %s's self-test first and in place, and says why", async (version) => {
    const run = await backUp(version, "commit", { FAKE_SELFTEST: "fail" });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toEqual([]);
    expect(run.selftestPid).toBeGreaterThan(0);
    expect(run.stderr).toContain(`background-selftest off: borg ${version} is not a version it was checked against (1.2.4); the self-test runs first`);
  });

  it("keeps BORG_SELFTEST=disabled as borg does, and does nothing unless PULLBAK_BORG_PATCHES names it", async () => {
    for (const run of [await backUp("1.2.4", "commit", { BORG_SELFTEST: "disabled" }), await backUp("1.2.4", "commit", {}, "files-cache-first")]) {
      const [pid, ...commits] = run.stdout;
      expect(run.selftestPid).toBe(Number(pid));
      expect(commits).toEqual(["committed", "committed"]);
    }
  });
});
