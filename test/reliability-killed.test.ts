/**
 * pullbak is SIGKILLed in the middle of a backup (the OOM killer, `kill -9`),
 * or the machine goes down with it and its borg. Nothing runs its teardown.
 * Its borg is not left working on its own: it gets SIGINT from the kernel
 * when pullbak dies and exits, releasing its locks; so does sshfs, whose
 * mount lives only in its own mount namespace (issue #10), which vanishes
 * with it. What is left, the host lock, and after a crash borg's own stale
 * lock, is found and cleared by `pullbak cleanup` or by the host's next
 * run, which say what they did.
 */
import { access } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Lab, LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { borgProcesses, borgServeOf, borgUnderWay, serveProcesses, CLEAN, morningAfter, mountsInAnyNamespace, pullbak, runProcesses, scenario, seedBulk, slowLink, startPullbak, type Scenario } from "./support/faults.js";

const env = useLab(1);

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

describe("a backup whose pullbak is killed", () => {
  let lab: Lab;
  let host: LabHost;
  let s: Scenario;
  let mountPoint: string;

  beforeAll(async () => {
    lab = env.lab;
    host = lab.hosts[0]!;
    s = await scenario(lab, "killed");
    mountPoint = join(s.stateDir, "hosts", host.name, "client");
    await seedBulk(host, 8, 12);
    await slowLink(host, 40);
    const init = await pullbak(s, "init", host.name);
    expect(init.exitCode, init.stderr).toBe(0);
  });

  it("SIGKILL: its borg and sshfs stop by themselves, no mount is left in any namespace; `pullbak cleanup` takes the lock over and says so", async () => {
    const archive = "killed";
    const run = startPullbak(s, "run", host.name, "--archive", archive);
    await borgUnderWay(run.pid, 8 * 1024 * 1024);
    process.kill(run.pid, "SIGKILL");
    await run.done;

    // No teardown ran: the host lock is still there...
    expect(await exists(join(s.stateDir, "locks", `${host.name}.lock`))).toBe(true);
    // ...but sshfs got SIGTERM from the kernel too, and its mount namespace went with it.
    for (let i = 0; i < 100 && ((await runProcesses(s, host)).length > 0 || (await mountsInAnyNamespace(s, host)).length > 0); i++) await sleep(100);
    expect(await runProcesses(s, host)).toEqual([]);
    expect(await mountsInAnyNamespace(s, host)).toEqual([]);
    // ...but borg did not carry on unsupervised: it was told to stop when pullbak died.
    for (let i = 0; i < 100 && (await borgProcesses(archive)).length > 0; i++) await sleep(100);
    expect(await borgProcesses(archive)).toEqual([]);
    // The server's borg serve of the run (isolation chroot) got its SIGTERM too and finishes its transaction.
    for (let i = 0; i < 300 && (await serveProcesses(s.repository(host))).length > 0; i++) await sleep(100);
    expect(await serveProcesses(s.repository(host))).toEqual([]);
    expect(await exists(join(s.repository(host), "lock.roster"))).toBe(false);

    const cleanup = await pullbak(s, "cleanup");
    expect(cleanup.exitCode, cleanup.stderr).toBe(0);
    expect(cleanup.stderr).toContain(`${host.name}: took over ${join(s.stateDir, "locks", `${host.name}.lock`)} from pid ${run.pid}`);
    expect(cleanup.stderr).not.toContain(`unmounted leftover sshfs mount ${mountPoint}`);
    // borg, stopped by its SIGINT, normally releases its locks; one it could not (say, its cache's, when
    // closing the cache met the broken output pipe) is a second leftover, found and named as well.
    const staleCacheLock = cleanup.stderr.includes(`${host.name}: removed borg's stale lock of its cache `);
    expect(cleanup.stdout, cleanup.stderr).toBe(staleCacheLock ? "cleaned up 2 leftovers (listed above)" : "cleaned up 1 leftover (listed above)");
    expect(await morningAfter(s, host, archive)).toEqual(CLEAN);

    const again = await pullbak(s, "cleanup");
    expect(again.stdout).toBe("nothing left behind");
  });

  it("a crash (pullbak and borg killed at once): the next run clears borg's stale lock, says so, and backs up", async () => {
    const archive = "crashed";
    const run = startPullbak(s, "run", host.name, "--archive", archive);
    const client = await borgUnderWay(run.pid, 8 * 1024 * 1024);
    // The repository's lock is held by the server's borg serve (the client's borg reaches the
    // repository only through it, issue #10): a crash takes it down with the others.
    const borg = (await borgServeOf(run.pid)) ?? client;
    // borg first: killed pullbak's children get a parent-death SIGTERM, and a borg that gets it releases its lock.
    process.kill(borg, "SIGKILL");
    process.kill(run.pid, "SIGKILL");
    if (borg !== client) process.kill(client, "SIGKILL");
    await run.done;
    for (let i = 0; i < 300 && (await serveProcesses(s.repository(host))).length > 0; i++) await sleep(100);
    // Whether borg serve's lock is left depends on when the kill lands (its lock.exclusive
    // is made before its roster); when it is, the next run must clear it and say so.
    const locked = (await exists(join(s.repository(host), "lock.exclusive"))) || (await exists(join(s.repository(host), "lock.roster")));

    await slowLink(host, 1000);
    const next = await pullbak(s, "run", host.name, "--archive", "after-crash");
    expect(next.exitCode, next.stderr).toBe(0);
    if (locked) expect(next.stderr).toMatch(new RegExp(`${host.name}: removed borg's stale lock of ${s.repository(host)}`));
    expect(await morningAfter(s, host, "after-crash")).toEqual(CLEAN);
  });
});
