/**
 * Two runs for the same host at once (a slow backup still going when cron
 * starts the next one, or an admin's manual run): the second fails at once
 * naming the holder's pid and start time, or with `lockWait` waits for the
 * first to finish. Runs for different hosts do not wait for each other, and
 * `pullbak cleanup` does not disturb a run in progress.
 */
import type { Lab, LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { borgUnderWay, CLEAN, morningAfter, pullbak, scenario, seedBulk, slowLink, startPullbak, verdict, type Scenario } from "./support/faults.js";

const env = useLab(2);

describe("runs at the same time", () => {
  let lab: Lab;
  let busy: LabHost;
  let other: LabHost;
  let s: Scenario;
  let patient: Scenario;

  beforeAll(async () => {
    lab = env.lab;
    [busy, other] = lab.hosts as [LabHost, LabHost];
    s = await scenario(lab, "concurrency");
    // The same hosts, state dir (so the same locks) and repositories, but a run of a busy host waits up to 60 s.
    patient = await scenario(lab, "concurrency-patient", { lockWait: 60, stateDir: s.stateDir, repositories: s.repositories });
    await seedBulk(busy, 6, 8);
    await seedBulk(other, 2, 4);
    await slowLink(busy, 40);
    for (const host of [busy, other]) {
      const init = await pullbak(s, "init", host.name);
      expect(init.exitCode, init.stderr).toBe(0);
    }
  });

  it("a second run of a busy host fails at once, naming the holder; another host's run goes ahead meanwhile", async () => {
    const first = startPullbak(s, "run", busy.name, "--archive", "first");
    await borgUnderWay(first.pid, 4 * 1024 * 1024);

    const started = Date.now();
    const second = await pullbak(s, "run", busy.name, "--archive", "second");
    expect(second.exitCode).toBe(2);
    expect(verdict(second)).toMatch(
      new RegExp(`^pullbak: host ${busy.name}: another pullbak run holds ${s.stateDir}/locks/${busy.name}\\.lock \\(pid ${first.pid}, since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\)$`),
    );
    expect(Date.now() - started).toBeLessThan(5_000);

    const elsewhere = await pullbak(s, "run", other.name, "--archive", "elsewhere");
    expect(elsewhere.exitCode, elsewhere.stderr).toBe(0);

    // `pullbak cleanup` meanwhile leaves the live run's mount and lock alone.
    const cleanup = await pullbak(s, "cleanup");
    expect(cleanup.exitCode, cleanup.stderr).toBe(0);
    expect(cleanup.stderr).toContain(`pullbak: host ${busy.name}: another pullbak run holds`);
    expect(cleanup.stderr).toContain("; skipped (a run in progress)");

    const result = await first.done;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await morningAfter(s, busy, "first")).toEqual(CLEAN);
    expect(await morningAfter(s, other, "elsewhere")).toEqual(CLEAN);
  });

  it("with lockWait, the second run waits for the first to finish, then runs", async () => {
    const first = startPullbak(s, "run", busy.name, "--archive", "first-of-two");
    await borgUnderWay(first.pid, 4 * 1024 * 1024);
    const second = await pullbak(patient, "run", busy.name, "--archive", "second-of-two");
    const firstResult = await first.done;

    expect(firstResult.exitCode, firstResult.stderr).toBe(0);
    expect(second.exitCode, second.stderr).toBe(0);
    expect(await morningAfter(s, busy, "second-of-two")).toEqual(CLEAN);
  });
});
