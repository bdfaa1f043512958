/**
 * A new admin sets `repository.storageQuota` below what a host's repository
 * already holds (issue #10, quota; breaker3). With isolation `none` the quota
 * lives in the repository's own config, and borg 1.2 counts it against
 * every writer: `borg delete` / `prune` put a new manifest, and once the
 * repository is over its quota stock borg refuses those too, so the advice
 * of the quota's own line ("prune and compact") could never be followed.
 * pullbak's prune and compact (the server's borg) run with the quota lifted
 * and put it back: the backup refused at the quota, `pullbak prune` and
 * `pullbak compact` then free the space, the next backup passes, and the
 * quota is in force again.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { archivesWithCheckpoints, DATA_DIR, pullbak, scenario, type CliResult, type Scenario } from "./support/faults.js";

const env = useLab(1);

let host: LabHost;
let s: Scenario;
const results: Record<string, CliResult> = {};
let configAfterUpkeep = "";
let listedBeforePrune: string[] = [];
let listedAfterPrune: string[] = [];

/** Writes the scenario's config: isolation none; with QUOTA, also retention keepDaily 1 (none before, so that no run prunes the setup away). */
async function configure(base: string, quota?: string): Promise<void> {
  const config = JSON.parse(base) as { defaults: Record<string, unknown> & { repository: Record<string, unknown> } };
  config.defaults.isolation = "none";
  if (quota !== undefined) {
    config.defaults.retention = { keepDaily: 1 };
    config.defaults.repository.storageQuota = quota;
  }
  await writeFile(s.configFile, `${JSON.stringify(config, null, 2)}\n`);
}

beforeAll(async () => {
  host = env.lab.hosts[0]!;
  s = await scenario(env.lab, "quota-upkeep");
  const base = await readFile(s.configFile, "utf8");
  const bulk = join(host.rootDir, DATA_DIR);
  await rm(bulk, { recursive: true, force: true });
  await configure(base);
  expect((await pullbak(s, "init", host.name)).exitCode).toBe(0);
  // 12 MB in the repository, no quota yet; then a small archive, so that retention (keepDaily 1) drops the big one.
  await mkdir(bulk, { recursive: true });
  await writeFile(join(bulk, "big.bin"), randomBytes(12 * 1024 * 1024));
  results.big = await pullbak(s, "run", host.name);
  await rm(join(bulk, "big.bin"));
  await writeFile(join(bulk, "small.bin"), randomBytes(64 * 1024));
  results.second = await pullbak(s, "run", host.name);
  // The admin now sets a 10 MiB quota, and a retention: the repository already holds more than the quota.
  await configure(base, "10M");
  results.refused = await pullbak(s, "run", host.name);
  listedBeforePrune = await archivesWithCheckpoints(s, host);
  results.prune = await pullbak(s, "prune", host.name);
  listedAfterPrune = await archivesWithCheckpoints(s, host);
  results.compact = await pullbak(s, "compact", host.name);
  configAfterUpkeep = await readFile(join(s.repository(host), "config"), "utf8");
  results.third = await pullbak(s, "run", host.name);
}, 180_000);

describe("a storage quota set below what the repository holds (isolation none)", () => {
  it("the backup is refused at the quota with its one line", () => {
    expect(results.big!.exitCode, results.big!.stderr).toBe(0);
    expect(results.second!.exitCode, results.second!.stderr).toBe(0);
    expect(results.refused!.exitCode, results.refused!.stderr).toBe(2);
    expect(results.refused!.stderr).toMatch(/stopped at the repository's storage quota/);
  });

  it("pullbak prune and compact still work over the quota, and put the quota back", () => {
    expect(results.prune!.exitCode, results.prune!.stderr).toBe(0);
    // Archives carry the host's name template (retention prunes only those): the older one went.
    expect(listedBeforePrune).toHaveLength(2);
    expect(listedAfterPrune).toEqual(listedBeforePrune.slice(1));
    expect(results.compact!.exitCode, results.compact!.stderr).toBe(0);
    expect(configAfterUpkeep).toMatch(/^storage_quota = 10485760$/m);
  });

  it("the next backup fits and passes", async () => {
    expect(results.third!.exitCode, results.third!.stderr).toBe(0);
    // The run's own prune (keepDaily 1) after it, with the quota in force again, works too.
    const listed = await archivesWithCheckpoints(s, host);
    expect(listed).toHaveLength(1);
    expect(listedBeforePrune).not.toContain(listed[0]);
  });
});
