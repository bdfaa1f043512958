/**
 * `commands:` before / after / onError around a real backup of a lab host
 * (issue #13): each command gets the run's facts in its environment and
 * nothing of pullbak's own (no passphrase, no variable of pullbak's
 * environment); a failing `before` skips the host; a hanging command is
 * killed with its whole process group at its timeout; no mount is left
 * behind in any case.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { loadConfig, readRunRecords } from "@pullbak/core";
import type { Lab } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { pullbak, type CliResult } from "./support/pullbak.js";

const env = useLab(1);

/** Set in pullbak's own environment: a command hook must not inherit it. */
const PULLBAK_ENV_SECRET = "inherited-secret-7f3a9c";

/** `[sh, -c, ...]` written by the admin: dumps the hook's environment into a file. */
const dumpEnv = (file: string) => ["sh", "-c", 'env > "$0"', file];

function parseEnv(text: string): Record<string, string> {
  return Object.fromEntries(text.split("\n").filter((l) => l.includes("=")).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
}

async function mountsOf(lab: Lab): Promise<string[]> {
  for (let attempt = 0; ; attempt++) {
    const mounts = (await readFile("/proc/self/mountinfo", "utf8")).split("\n").filter((line) => line.includes(lab.dir) || line.includes(`${lab.hosts[0]!.address}:`));
    if (mounts.length === 0 || attempt === 30) return mounts;
    await sleep(100);
  }
}

/** Running, as opposed to gone or a zombie (killed, waiting for a reaper: in a container, PID 1 may never reap). */
async function processRunning(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

describe("command hooks", () => {
  let lab: Lab;
  let passphrase: string;
  let write: (name: string, commands: Record<string, unknown>) => Promise<string>;
  // A BORG_PASSPHRASE planted in pullbak's own environment on purpose: the hooks must never see it.
  const run = (config: string): Promise<CliResult> =>
    pullbak(["--config", config, "run", "lab1"], { env: { PULLBAK_TEST_SECRET: PULLBAK_ENV_SECRET, BORG_PASSPHRASE: PULLBAK_ENV_SECRET } });

  beforeAll(async () => {
    lab = env.lab;
    passphrase = (await readFile(lab.passphraseFile, "utf8")).trim();
    const { config } = await loadConfig(lab.configFile);
    write = async (name, commands) => {
      const file = join(lab.dir, `${name}.yaml`);
      await writeFile(file, JSON.stringify({ ...config, defaults: { ...config.defaults, sources: ["/srv/data"] }, hosts: { lab1: { ...config.hosts.lab1, commands } } }));
      return file;
    };
    const init = await pullbak(["--config", lab.configFile, "init", "lab1"]);
    expect(init.exitCode, init.stderr).toBe(0);
  });

  it("gives before and after the run's facts, and neither the passphrase nor pullbak's environment", async () => {
    const [before, after, onError] = ["before.env", "after.env", "error.env"].map((n) => join(lab.dir, n));
    const config = await write("facts", { before: [dumpEnv(before!)], after: [dumpEnv(after!)], onError: [dumpEnv(onError!)] });
    const result = await run(config);
    expect(result.exitCode, result.stderr).toBe(0);

    const seenBefore = parseEnv(await readFile(before!, "utf8"));
    expect(seenBefore).toMatchObject({ PULLBAK_HOST: "lab1", PULLBAK_ACTION: "backup", PULLBAK_PHASE: "before", PULLBAK_ADDRESS: lab.hosts[0]!.address });
    expect(seenBefore.PULLBAK_RESULT).toBeUndefined();

    const seenAfter = parseEnv(await readFile(after!, "utf8"));
    const [record] = (await readRunRecords(join(lab.dir, "state", "hosts", "lab1"))).slice(-1);
    expect(seenAfter).toMatchObject({
      PULLBAK_HOST: "lab1",
      PULLBAK_PHASE: "after",
      PULLBAK_RESULT: "ok",
      PULLBAK_EXIT_CODE: "0",
      PULLBAK_ARCHIVE: record!.archive,
      PULLBAK_START: record!.start,
      PULLBAK_ORIGINAL_BYTES: String(record!.stats!.originalBytes),
      PULLBAK_DEDUPLICATED_BYTES: String(record!.stats!.deduplicatedBytes),
    });
    expect(Number(seenAfter.PULLBAK_ORIGINAL_BYTES)).toBeGreaterThan(0);
    expect(seenAfter.PULLBAK_ERROR).toBeUndefined();
    await expect(readFile(onError!, "utf8")).rejects.toThrow(/ENOENT/);

    // Only the small fixed environment plus the facts: nothing pullbak itself was given.
    for (const seen of [seenBefore, seenAfter]) {
      expect(Object.keys(seen).filter((k) => !k.startsWith("PULLBAK_")).sort()).toEqual(expect.arrayContaining(["HOME", "PATH"]));
      expect(seen.PULLBAK_TEST_SECRET).toBeUndefined();
      expect(seen.BORG_PASSPHRASE).toBeUndefined();
      expect(seen.BORG_PASSPHRASE_FD).toBeUndefined();
      const text = JSON.stringify(seen);
      expect(text).not.toContain(passphrase);
      expect(text).not.toContain(PULLBAK_ENV_SECRET);
    }
    expect(await mountsOf(lab)).toEqual([]);
  });

  it("skips the host when a before command fails, names it, and runs onError with the failure", async () => {
    const onError = join(lab.dir, "skipped-error.env");
    const after = join(lab.dir, "skipped-after.env");
    const recordsBefore = (await readRunRecords(join(lab.dir, "state", "hosts", "lab1"))).length;
    const config = await write("failing-before", {
      before: [["sh", "-c", "echo database will not quiesce >&2; exit 3"], dumpEnv(join(lab.dir, "never.env"))],
      after: [dumpEnv(after)],
      onError: [dumpEnv(onError)],
    });
    const result = await run(config);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("host lab1: commands.before[0] (sh -c 'echo database will not quiesce >&2; exit 3') exited with 3: database will not quiesce; the backup was skipped");
    await expect(readFile(join(lab.dir, "never.env"), "utf8")).rejects.toThrow(/ENOENT/);
    await expect(readFile(after, "utf8")).rejects.toThrow(/ENOENT/);
    expect(parseEnv(await readFile(onError, "utf8"))).toMatchObject({ PULLBAK_PHASE: "onError", PULLBAK_RESULT: "failed", PULLBAK_EXIT_CODE: "2", PULLBAK_ERROR_CODE: "BEFORE_COMMAND_FAILED" });
    const records = await readRunRecords(join(lab.dir, "state", "hosts", "lab1"));
    expect(records).toHaveLength(recordsBefore + 1);
    expect(records.at(-1)).toMatchObject({ result: "failed", error: { code: "BEFORE_COMMAND_FAILED" } });
    expect(records.at(-1)!.archive).toBeUndefined();
    expect(await mountsOf(lab)).toEqual([]);
  });

  it("kills a hanging command with its process group at its timeout: a warning, the backup stands", async () => {
    const pidFile = join(lab.dir, "hanging.pid");
    await rm(pidFile, { force: true });
    // The grandchild `sleep` must die too, not only the shell timeout(1) started.
    const config = await write("hanging-after", { timeout: "2s", after: [["sh", "-c", 'sleep 1000 & echo $! > "$0"; date +%s%3N > "$0.started"; wait', pidFile], ["true"]] });
    const result = await run(config);
    const finished = Date.now();
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toContain("warning: host lab1: commands.after[0] (sh -c");
    expect(result.stderr).toContain("ran longer than its timeout of 2s and was killed with its process group");
    expect(result.stderr).not.toContain("commands.after[1]");
    const sleeper = Number((await readFile(pidFile, "utf8")).trim());
    expect(await processRunning(sleeper)).toBe(false);
    const record = (await readRunRecords(join(lab.dir, "state", "hosts", "lab1"))).at(-1)!;
    expect(record.result).toBe("ok");
    // From the hook's start to pullbak's exit: its 2 s timeout, well short of timeout(1)'s 5 s grace on top.
    const hookStarted = Number((await readFile(`${pidFile}.started`, "utf8")).trim());
    expect(finished - hookStarted).toBeLessThan(2_000 + 5_000);
    expect(await mountsOf(lab)).toEqual([]);
  });
});
