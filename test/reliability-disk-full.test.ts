/**
 * The repository's disk fills up during a backup: the run fails with borg's
 * own message, borg rolls its transaction back so the repository stays
 * consistent, and the teardown leaves nothing behind. The repository lives
 * on a small tmpfs made for the test.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Lab, LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLEAN, morningAfter, pullbak, scenario, seedBulk, serverBorg, verdict, type Scenario } from "./support/faults.js";

const env = useLab(1);

describe("a repository whose disk fills up", () => {
  let lab: Lab;
  let host: LabHost;
  let s: Scenario;
  let disk: string;

  beforeAll(async () => {
    lab = env.lab;
    host = lab.hosts[0]!;
    disk = join(lab.dir, "small-disk");
    await mkdir(disk);
    await execa("mount", ["-t", "tmpfs", "-o", "size=48m,mode=0700", "pullbak-test-small-disk", disk]);
    s = await scenario(lab, "disk-full", { repositories: join(disk, "{host}") });
    // 96 MB of random data cannot fit in 48 MB.
    await seedBulk(host, 6, 16);
    const init = await pullbak(s, "init", host.name);
    expect(init.exitCode, init.stderr).toBe(0);
  });

  afterAll(async () => {
    if (disk) await execa("umount", [disk], { reject: false });
  });

  it("fails with borg's message, keeps the repository consistent, tears down", async () => {
    const archive = "too-big";
    const result = await pullbak(s, "run", host.name, "--archive", archive);

    expect(result.exitCode, result.stderr).toBe(2);
    expect(verdict(result)).toBe(`pullbak: host ${host.name}: borg create failed (exit 2): OSError: [Errno 28] No space left on device`);
    // borg check itself writes the repository's config: it needs a little room to say "consistent".
    // (borg serve is append-only since issue #10, so the failed transaction's segments stay until compact.)
    await execa("mount", ["-o", "remount,size=256m", disk]);
    expect(await morningAfter(s, host, archive)).toEqual(CLEAN);
    const listed = await serverBorg(s, "list", "--consider-checkpoints", "--short", s.repository(host));
    expect(listed.stdout.trim()).toBe("");
  });

  it("with room again, the next backup succeeds", async () => {
    await execa("mount", ["-o", "remount,size=256m", disk]);
    const result = await pullbak(s, "run", host.name, "--archive", "fits");
    expect(result.exitCode, result.stderr).toBe(0);
    expect(await morningAfter(s, host, "fits")).toEqual(CLEAN);
  });
});
