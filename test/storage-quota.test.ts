/**
 * Issue #10 (quota): a client must not fill the server's disk. With
 * `repository.storageQuota`, the server's borg (`borg serve` behind the
 * chroot's channel, `borg create` with isolation none) stops a backup that
 * would take the repository past it: exit 2, one line naming the host and the
 * quota, nothing of the run kept, earlier archives intact, `borg check`
 * passing; a backup that fits then passes.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { Lab, LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { archivesWithCheckpoints, CLEAN, DATA_DIR, morningAfter, pullbak, scenario, seedBulk, serverBorg, verdict, type Scenario } from "./support/faults.js";

const env = useLab(1);
/** borg's smallest quota is 10 MB; "10M" is 10 MiB (1024-based, as docs/config.md says). */
const QUOTA = "10M";
const QUOTA_BYTES = 10 * 1024 * 1024;

/** A scenario with the quota set and the given isolation. */
async function quotaScenario(lab: Lab, isolation: "chroot" | "none"): Promise<Scenario> {
  const s = await scenario(lab, `quota-${isolation}`);
  const config = JSON.parse(await readFile(s.configFile, "utf8")) as { defaults: Record<string, unknown> & { repository: Record<string, unknown> } };
  config.defaults.isolation = isolation;
  config.defaults.repository.storageQuota = QUOTA;
  await writeFile(s.configFile, `${JSON.stringify(config, null, 2)}\n`);
  return s;
}

describe("a per-host repository storage quota (repository.storageQuota)", () => {
  let host: LabHost;
  const bulk = () => join(host.rootDir, DATA_DIR);

  beforeAll(async () => {
    host = env.lab.hosts[0]!;
    await rm(bulk(), { recursive: true, force: true });
    // What fits: 2 MB of random data.
    await seedBulk(host, 1, 2);
  });

  for (const isolation of ["chroot", "none"] as const) {
    it(`isolation ${isolation}: a backup past the quota fails with one line (exit 2), keeps nothing, leaves earlier archives intact; one that fits then passes`, async () => {
      const s = await quotaScenario(env.lab, isolation);
      expect((await pullbak(s, "init", host.name)).exitCode).toBe(0);
      const before = await pullbak(s, "run", host.name, "--archive", "fits");
      expect(before.exitCode, before.stderr).toBe(0);

      // 12 MB more of random data: past the 10 MiB quota whatever borg compresses.
      const over = join(bulk(), "over-quota.bin");
      await writeFile(over, randomBytes(12 * 1024 * 1024));
      try {
        const result = await pullbak(s, "run", host.name, "--archive", "too-big");
        expect(result.exitCode, result.stderr).toBe(2);
        expect(verdict(result)).toBe(
          `pullbak: host ${host.name}: borg create stopped at the repository's storage quota of 10.5 MB (repository.storageQuota, ${QUOTA_BYTES} bytes): nothing of this run was kept; raise the quota, prune and compact, or exclude what grew`,
        );
        expect(await morningAfter(s, host, "too-big")).toEqual(CLEAN);
        expect(await archivesWithCheckpoints(s, host)).toEqual(["fits"]);
        // borg dooms the transaction at the object that passes the quota: on disk, at most the quota plus that one chunk
        // (borg's largest is 8 MiB); the rolled-back segments go when the repository is next written.
        const { stdout } = await execa("du", ["-sb", s.repository(host)]);
        expect(Number(stdout.split("\t")[0])).toBeLessThan(QUOTA_BYTES + 9 * 1024 * 1024);
        const extract = await serverBorg(s, "extract", "--dry-run", `${s.repository(host)}::fits`);
        expect(extract.exitCode, extract.stderr).toBe(0);
      } finally {
        await rm(over, { force: true });
      }

      const after = await pullbak(s, "run", host.name, "--archive", "fits-again");
      expect(after.exitCode, after.stderr).toBe(0);
      expect(await archivesWithCheckpoints(s, host)).toEqual(["fits", "fits-again"]);
    });
  }
});
