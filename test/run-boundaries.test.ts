/**
 * What a run owns and what it may touch (issue #10), with a real lab host:
 * - every mount of a run lives in its own mount namespace: a namespace made
 *   on the server mid-run holds none of them, nor does the server's own,
 *   and after the run no sshfs or ssh of it is alive;
 * - a run that outlives the host's `timeout` is stopped as an interrupt
 *   would be: exit 2, named TIMEOUT in its record, nothing left behind;
 * - links and FIFOs a client's code could plant in its repository make
 *   `run`, `list` and `cleanup` stop at once with one line, writing nothing
 *   through them.
 */
import { spawn } from "node:child_process";
import { readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Lab, LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { borgUnderWay, CLEAN, morningAfter, mountsInAnyNamespace, pullbak, runProcesses, scenario, seedBulk, slowLink, startPullbak, verdict, type Scenario } from "./support/faults.js";

const env = useLab(1);

/** Lines of a mount table that belong to the scenario: its state dir, or sshfs's source on the host. */
function runMounts(table: string, s: Scenario, host: LabHost): string[] {
  return table.split("\n").filter((line) => line.includes(s.stateDir) || line.includes(`${host.address}:`));
}

describe("a run's boundaries", () => {
  let lab: Lab;
  let host: LabHost;
  let s: Scenario;
  let timed: Scenario;

  beforeAll(async () => {
    lab = env.lab;
    host = lab.hosts[0]!;
    s = await scenario(lab, "boundaries");
    // Shares the state dir (lock, journal) and repository, with a timeout the slow backup outlives.
    timed = await scenario(lab, "boundaries-timed", { stateDir: s.stateDir, repositories: s.repositories, timeout: "6s" });
    await seedBulk(host, 6, 8);
    const init = await pullbak(s, "init", host.name);
    expect(init.exitCode, init.stderr).toBe(0);
  });

  it("a mount namespace made on the server mid-run holds none of the run's mounts; afterwards no sshfs of it is alive", async () => {
    await slowLink(host, 40);
    const run = startPullbak(s, "run", host.name, "--archive", "namespaces");
    await borgUnderWay(run.pid, 4 * 1024 * 1024);
    const bystander = spawn("unshare", ["--mount", "--propagation", "private", "sleep", "60"], { stdio: "ignore" });
    try {
      await sleep(300);
      // The mounts do exist, in the run's namespace (the test would prove nothing otherwise)...
      const everywhere = await mountsInAnyNamespace(s, host, new Set([bystander.pid!]));
      expect(everywhere.some((line) => line.includes("fuse.sshfs"))).toBe(true);
      // ...and nowhere else: not in the namespace made meanwhile, not in the server's own.
      expect(runMounts(await readFile(`/proc/${bystander.pid}/mountinfo`, "utf8"), s, host)).toEqual([]);
      expect(runMounts(await readFile("/proc/self/mountinfo", "utf8"), s, host)).toEqual([]);
      expect(runMounts(await readFile("/proc/1/mountinfo", "utf8"), s, host)).toEqual([]);
    } finally {
      bystander.kill("SIGKILL");
    }
    const result = await run.done;
    expect(result.exitCode, result.stderr).toBe(0);
    // pullbak waits for sshfs and its ssh before it exits: nothing of the run is alive, at once.
    expect(await runProcesses(s, host)).toEqual([]);
    expect(await morningAfter(s, host, "namespaces")).toEqual(CLEAN);
  });

  it("a backup that outlives its timeout ends with exit 2 within the timeout and a small margin, named in its record, nothing left behind", async () => {
    await slowLink(host, 8);
    const run = startPullbak(timed, "run", host.name, "--archive", "too-slow");
    const started = Date.now();
    const result = await run.done;
    const took = (result.endedAt - started) / 1000;

    expect(result.exitCode, result.stderr).toBe(2);
    expect(verdict(result)).toMatch(new RegExp(`^pullbak: host ${host.name}: the run took longer than its timeout \\(6 s\\) and was stopped; borg create was stopped`));
    expect(took).toBeGreaterThanOrEqual(6);
    expect(took).toBeLessThan(6 + 15);
    const runs = join(s.stateDir, "hosts", host.name, "runs");
    const records = await Promise.all((await readdir(runs)).map(async (name) => JSON.parse(await readFile(join(runs, name), "utf8")) as { result: string; exitCode: number; error?: { code: string; message: string } }));
    expect(records.filter((record) => record.error?.code === "TIMEOUT")).toMatchObject([{ result: "failed", exitCode: 2, error: { message: expect.stringContaining("took longer than its timeout (6 s)") } }]);
    expect(await morningAfter(s, host, "too-slow")).toEqual(CLEAN);
    await slowLink(host, 1000);
  });

  describe("links and FIFOs planted in the repository", () => {
    const commands = [
      ["run", () => ["run", host.name, "--archive", "planted"]],
      ["list", () => ["list", host.name]],
      ["cleanup", () => ["cleanup", host.name]],
    ] as const;

    for (const [planted, what] of [
      ["lock.roster", "a symbolic link"],
      ["lock.exclusive", "a symbolic link"],
      ["lock.roster", "a FIFO"],
    ] as const) {
      it(`${planted} as ${what}: run, list and cleanup stop within seconds with one line, nothing written through it`, async () => {
        // What a command takes anyway on this (shared, maybe loaded) machine: a hang would be forever.
        const baselineStart = Date.now();
        expect((await pullbak(s, "list", host.name)).exitCode).toBe(0);
        const baseline = Date.now() - baselineStart;
        const path = join(s.repository(host), planted);
        const target = join(lab.dir, "sentinel-target");
        await writeFile(target, "another host's repository config\n");
        if (what === "a FIFO") await execa("mkfifo", ["-m", "600", path]);
        else await symlink(target, path);
        try {
          for (const [name, args] of commands) {
            const started = Date.now();
            const result = await pullbak(s, ...args());
            expect(Date.now() - started, name).toBeLessThan(baseline + 10_000);
            expect(result.exitCode, `${name}: ${result.stderr}`).toBe(2);
            expect(verdict(result), name).toMatch(new RegExp(`^pullbak: host ${host.name}: borg's (lock roster|lock) ${path.replaceAll(".", "\\.")} is ${what}; `));
          }
          expect(await readFile(target, "utf8")).toBe("another host's repository config\n");
        } finally {
          await rm(path, { force: true });
        }
        expect(await runProcesses(s, host)).toEqual([]);
      });
    }
  });

  it("the repository is still sound and every archive is listed", async () => {
    const listed = await pullbak(s, "list", host.name);
    expect(listed.exitCode, listed.stderr).toBe(0);
    expect(listed.stdout).toContain("namespaces");
  });
});
