/**
 * A client that attacks the serve channel itself (issue #10), isolation
 * chroot: its python (test/fixtures/hostile-code/channel-usercustomize.py,
 * loaded by its own borg on the server) opens the channel's FIFOs in ways
 * borg never would, before or after the server's `borg serve` is warm:
 * one end only, both in the opposite order, both read-write with the pipe
 * resized and a 4 GiB msgpack header, connected and then idle for ever;
 * and it tries to replace, rename or add entries in the channel's dir.
 *
 * Each run must end within the host's timeout + a small margin, with
 * exit 2 and a clear verdict, and nothing of it may be left (no process,
 * `borg serve` included, no mount, no lock); the repository passes `borg
 * check`, the archive made before is listed and extractable, and a sentinel
 * dir and another repository on the server are unchanged.
 */
import { copyFile, mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Lab, LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { walk } from "./hostile-client-helpers.js";
import {
  CLEAN,
  DATA_DIR,
  morningAfter,
  pullbak,
  scenario,
  serveProcesses,
  serverBorg,
  startPullbak,
  verdict,
  type CliResult,
  type Scenario,
} from "./support/faults.js";

const env = useLab(1);
const CODE = new URL(
  "./fixtures/hostile-code/channel-usercustomize.py",
  import.meta.url
);
/** The host's timeout in the attack runs, in seconds. */
const TIMEOUT_S = 6;
/**
 * What "a small margin" past the timeout is here (the runner's grace is 60 s: far more). Attacks
 * that end by themselves must also end within TIMEOUT_S + MARGIN_S, less than the 30 s
 * enter-chroot.sh gives a connected `borg serve` after its client has gone.
 */
const MARGIN_S = 20;

const ATTACKS = [
  "one-end",
  "reverse",
  "flood",
  "connect-idle",
  "busy",
  "tamper",
] as const;
type Attack = (typeof ATTACKS)[number];
/** The attacks that hold the channel open for ever: only the host's timeout ends them. */
const STALLS: ReadonlySet<Attack> = new Set([
  "reverse",
  "flood",
  "connect-idle",
]);

interface Outcome {
  result: CliResult;
  took: number;
  after: Awaited<ReturnType<typeof morningAfter>>;
  serves: number[];
}

describe("a client's code that attacks the serve channel (isolation chroot)", () => {
  let lab: Lab;
  let host: LabHost;
  let timed: Scenario;
  let untimed: Scenario;
  let sentinel: string;
  let other: string;
  let sentinelBefore: string;
  let otherBefore: string;
  let fileBefore: string;
  const outcomes = new Map<Attack, Outcome>();

  const snapshot = async (root: string) =>
    JSON.stringify([...(await walk(root))]);
  /** A backup of the lab host with isolation chroot and no short timeout, as archive ARCHIVE. */
  const backUp = (archive: string) =>
    pullbak(untimed, "run", host.name, "--plugin", "chroot", "--archive", archive);

  beforeAll(async () => {
    lab = env.lab;
    host = lab.hosts[0]!;
    timed = await scenario(lab, "channel", { timeout: `${TIMEOUT_S}s` });
    untimed = await scenario(lab, "channel-untimed", {
      stateDir: timed.stateDir,
      repositories: timed.repositories,
    });
    await mkdir(join(host.rootDir, DATA_DIR), { recursive: true });
    fileBefore = "the client's data, archived before the attacks\n";
    await writeFile(join(host.rootDir, DATA_DIR, "file.txt"), fileBefore);
    const init = await pullbak(untimed, "init", host.name);
    expect(init.exitCode, init.stderr).toBe(0);
    const first = await backUp("before");
    expect(first.exitCode, first.stderr).toBe(0);

    sentinel = join(lab.dir, "channel-sentinel");
    await mkdir(sentinel, { recursive: true });
    await writeFile(join(sentinel, "keep.txt"), "the server's own file\n");
    other = join(lab.dir, "channel-other-repo");
    const made = await serverBorg(
      untimed,
      "init",
      "--encryption",
      "repokey",
      other
    );
    expect(made.exitCode, made.stderr).toBe(0);
    sentinelBefore = await snapshot(sentinel);
    otherBefore = await snapshot(other);

    const python = (
      await execa("python3", [
        "-c",
        "import sys; print(f'python{sys.version_info[0]}.{sys.version_info[1]}')",
      ])
    ).stdout;
    const site = join(host.rootDir, "root/.local/lib", python, "site-packages");
    await mkdir(site, { recursive: true });
    await copyFile(CODE, join(site, "usercustomize.py"));
    for (const attack of ATTACKS) {
      await writeFile(join(host.rootDir, "etc/pullbak-attack"), `${attack}\n`);
      const started = Date.now();
      // Attacks that end by themselves run without the short timeout, which a busy machine's start-up could reach first.
      const within = STALLS.has(attack) ? timed : untimed;
      const done = await startPullbak(
        within,
        "run",
        host.name,
        "--plugin",
        "chroot",
        "--archive",
        attack
      ).done;
      const took = (done.endedAt - started) / 1000;
      console.info(
        `attack ${attack}: exit ${done.exitCode} after ${took.toFixed(
          1
        )} s: ${verdict(done)}`
      );
      outcomes.set(attack, {
        result: done,
        took,
        serves: await serveProcesses(timed.repository(host)),
        after: await morningAfter(timed, host, attack),
      });
    }
    await rm(join(site, "usercustomize.py"));
    await rm(join(host.rootDir, "etc/pullbak-attack"));
  }, 240_000);

  it.each(["one-end", "reverse", "flood", "connect-idle", "busy"] as const)(
    "%s: ends with exit 2 within timeout + margin, leaving nothing",
    (attack) => {
      const { result, took, after, serves } = outcomes.get(attack)!;
      expect(result.exitCode, result.stderr).toBe(2);
      expect(verdict(result)).toMatch(
        new RegExp(`^pullbak: host ${host.name}: `)
      );
      expect(took).toBeLessThan(TIMEOUT_S + MARGIN_S);
      expect(serves).toEqual([]);
      expect(after).toEqual(CLEAN);
    }
  );

  it("one-end, busy: a client that goes at once fails the run at once, naming borg create, not after the 30 s a connected serve gets", () => {
    for (const attack of ["one-end", "busy"] as const) {
      const { result, took } = outcomes.get(attack)!;
      expect(verdict(result), attack).toMatch(
        new RegExp(
          `^pullbak: host ${host.name}: borg create failed \\(exit 3\\)`
        )
      );
      expect(took, attack).toBeLessThan(TIMEOUT_S + MARGIN_S);
    }
  });

  it("reverse, flood, connect-idle: a channel kept open for ever is stopped at the host's timeout", () => {
    for (const attack of ["reverse", "flood", "connect-idle"] as const) {
      expect(verdict(outcomes.get(attack)!.result), attack).toMatch(
        new RegExp(`the run took longer than its timeout \\(${TIMEOUT_S} s\\)`)
      );
    }
  });

  it("tamper: the channel's dir is read-only to the client; its borg then backs up as usual", () => {
    const { result, after, serves } = outcomes.get("tamper")!;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(serves).toEqual([]);
    expect(after).toEqual(CLEAN);
  });

  it("tamper: every change to the channel's dir was refused (EROFS), as its report in the archive says", async () => {
    const report = await serverBorg(
      untimed,
      "extract",
      "--stdout",
      `${timed.repository(host)}::tamper`,
      `${DATA_DIR.slice(1)}/tamper-report.txt`
    );
    expect(report.exitCode, report.stderr).toBe(0);
    expect(report.stdout.split("\n")).toEqual([
      "unlink to-server: EROFS",
      "rename from-server: EROFS",
      "chmod to-server: EROFS",
      "mkfifo in channel: EROFS",
      "symlink in channel: EROFS",
      "grow pipe to 1 GiB: EPERM",
      "serve processes seen in /proc: 0",
    ]);
  });

  it("the repository still lists and extracts the archive made before; sentinel and another repository are unchanged", async () => {
    const listed = await serverBorg(
      untimed,
      "list",
      "--short",
      timed.repository(host)
    );
    expect(listed.exitCode, listed.stderr).toBe(0);
    expect(listed.stdout.split("\n")).toContain("before");
    const extracted = await serverBorg(
      untimed,
      "extract",
      "--stdout",
      `${timed.repository(host)}::before`,
      `${DATA_DIR.slice(1)}/file.txt`
    );
    expect(extracted.exitCode, extracted.stderr).toBe(0);
    expect(`${extracted.stdout}\n`).toBe(fileBefore);
    expect(await snapshot(sentinel)).toBe(sentinelBefore);
    expect(await snapshot(other)).toBe(otherBefore);
  });

  it("the next run, once the code is gone, backs up as usual", async () => {
    const next = await backUp("after-attacks");
    expect(next.exitCode, next.stderr).toBe(0);
  });
});
