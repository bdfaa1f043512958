/**
 * Ctrl-C at the terminal, or SIGTERM from systemd or an admin, in the middle
 * of a backup: borg is asked once to stop (SIGINT), writes a checkpoint
 * archive and exits; the teardown runs; pullbak exits 130 with one line
 * saying it was interrupted; nothing is left behind.
 */
import type { Lab, LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { archivesWithCheckpoints, borgUnderWay, CLEAN, morningAfter, pullbak, scenario, seedBulk, slowLink, startPullbak, verdict, type Scenario } from "./support/faults.js";

const env = useLab(1);

describe("an interrupted backup", () => {
  let lab: Lab;
  let host: LabHost;
  let s: Scenario;

  beforeAll(async () => {
    lab = env.lab;
    host = lab.hosts[0]!;
    s = await scenario(lab, "interrupt");
    await seedBulk(host, 12, 8);
    await slowLink(host, 40);
    const init = await pullbak(s, "init", host.name);
    expect(init.exitCode, init.stderr).toBe(0);
  });

  it("Ctrl-C (SIGINT to the whole foreground group, as a terminal sends it): borg checkpoints once, exit 130", async () => {
    const archive = "ctrl-c";
    const run = startPullbak(s, "run", host.name, "--archive", archive);
    await borgUnderWay(run.pid, 8 * 1024 * 1024);
    // A terminal signals every process of the job; borg must still get exactly one SIGINT, or it aborts without a checkpoint.
    process.kill(-run.pid, "SIGINT");
    const result = await run.done;

    expect(result.exitCode, result.stderr).toBe(130);
    expect(verdict(result)).toMatch(new RegExp(`^pullbak: host ${host.name}: borg create interrupted by SIGINT; borg may have kept the data saved so far as archive ${archive}\\.checkpoint`));
    expect(result.stderr).not.toContain("KeyboardInterrupt");
    expect(await morningAfter(s, host, archive)).toEqual(CLEAN);
    expect(await archivesWithCheckpoints(s, host)).toContain(`${archive}.checkpoint`);
  });

  it("SIGTERM to pullbak: the same orderly stop, exit 130", async () => {
    const archive = "sigterm";
    const run = startPullbak(s, "run", host.name, "--archive", archive);
    await borgUnderWay(run.pid, 8 * 1024 * 1024);
    process.kill(run.pid, "SIGTERM");
    const result = await run.done;

    expect(result.exitCode, result.stderr).toBe(130);
    expect(verdict(result)).toMatch(new RegExp(`^pullbak: host ${host.name}: borg create interrupted by SIGTERM; borg may have kept the data saved so far as archive ${archive}\\.checkpoint`));
    expect(await morningAfter(s, host, archive)).toEqual(CLEAN);
    expect(await archivesWithCheckpoints(s, host)).toContain(`${archive}.checkpoint`);
  });

  it("the next run completes, reusing what the checkpoints saved", async () => {
    await slowLink(host, 1000);
    const result = await pullbak(s, "run", host.name, "--archive", "after-interrupts");
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await morningAfter(s, host, "after-interrupts")).toEqual(CLEAN);
  });
});
