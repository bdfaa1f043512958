/**
 * A client that tries to own a run's time (issue #10), isolation chroot:
 * its python (test/fixtures/hostile-code/stall-usercustomize.py, loaded by
 * its own borg on the server) ignores SIGINT, SIGTERM and SIGHUP, forks a
 * child into a session of its own, and both sleep for ever, before borg
 * ever connects to the server's `borg serve`. That is also the shape of the
 * run that hung CI for 8 minutes (the client's borg stopped before it
 * connected): the serve end, still blocked opening its FIFOs, must go too.
 *
 * The host's `timeout` must still end the run within a small margin, with
 * exit 2 and TIMEOUT, and nothing of it may be left: no process, mount,
 * `borg serve` or lock; the repository passes `borg check`.
 */
import { copyFile, mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Lab, LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { CLEAN, DATA_DIR, morningAfter, pullbak, runProcesses, scenario, serveProcesses, startPullbak, verdict, type CliResult, type Scenario } from "./support/faults.js";

const env = useLab(1);
const STALL = new URL("./fixtures/hostile-code/stall-usercustomize.py", import.meta.url);
/** The host's timeout in the scenario, in seconds. */
const TIMEOUT_S = 5;

describe("a client's borg that ignores every stop signal and never connects (isolation chroot)", () => {
  let lab: Lab;
  let host: LabHost;
  let s: Scenario;
  let result: CliResult;
  let took: number;
  let site: string;

  beforeAll(async () => {
    lab = env.lab;
    host = lab.hosts[0]!;
    s = await scenario(lab, "stall", { timeout: `${TIMEOUT_S}s` });
    await mkdir(join(host.rootDir, DATA_DIR), { recursive: true });
    await execa("cp", ["-a", "/etc/os-release", join(host.rootDir, DATA_DIR, "file.txt")]);
    const init = await pullbak(s, "init", host.name);
    expect(init.exitCode, init.stderr).toBe(0);
    const python = (await execa("python3", ["-c", "import sys; print(f'python{sys.version_info[0]}.{sys.version_info[1]}')"])).stdout;
    site = join(host.rootDir, "root/.local/lib", python, "site-packages");
    await mkdir(site, { recursive: true });
    await copyFile(STALL, join(site, "usercustomize.py"));
    const started = Date.now();
    const run = startPullbak(s, "run", host.name, "--plugin", "chroot", "--archive", "stalled");
    const done = await run.done;
    took = (done.endedAt - started) / 1000;
    result = done;
    console.info(`a stalled run with timeout ${TIMEOUT_S} s ended after ${took.toFixed(1)} s`);
  }, 180_000);

  it("is stopped at its timeout: exit 2 within timeout + 20 s, TIMEOUT in its record", async () => {
    expect(result.exitCode, result.stderr).toBe(2);
    expect(verdict(result)).toMatch(new RegExp(`^pullbak: host ${host.name}: the run took longer than its timeout \\(${TIMEOUT_S} s\\) and was stopped`));
    expect(took).toBeGreaterThanOrEqual(TIMEOUT_S);
    // Not the runner's 60 s grace for a command that stops by itself: a signal the code ignores is not waited for.
    expect(took).toBeLessThan(TIMEOUT_S + 20);
    const runs = join(s.stateDir, "hosts", host.name, "runs");
    const records = await Promise.all((await readdir(runs)).map(async (name) => JSON.parse(await readFile(join(runs, name), "utf8")) as { error?: { code: string } }));
    expect(records.filter((record) => record.error?.code === "TIMEOUT")).toHaveLength(1);
  });

  it("leaves nothing: no process (its forked child, borg serve, the FIFO opener), mount or lock", async () => {
    expect(await runProcesses(s, host)).toEqual([]);
    expect(await serveProcesses(s.repository(host))).toEqual([]);
    const stalled = (await execa("pgrep", ["-f", "borg create .*::stalled"], { reject: false })).stdout.trim();
    expect(stalled).toBe("");
    expect(await morningAfter(s, host, "stalled")).toEqual(CLEAN);
  });

  it("the next run, once the code is gone, backs up as usual", async () => {
    await rm(join(site, "usercustomize.py"));
    // Same state dir and repository, without the short timeout a normal run on a busy machine may outlast.
    const untimed = await scenario(lab, "stall-untimed", { stateDir: s.stateDir, repositories: s.repositories });
    const next = await pullbak(untimed, "run", host.name, "--plugin", "chroot", "--archive", "after-stall");
    expect(next.exitCode, next.stderr).toBe(0);
  });
});
