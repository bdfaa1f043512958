/**
 * Hostile CODE against the repository's storage quota (issue #10, quota),
 * isolation chroot: a `usercustomize.py` in the client's /root/.local, loaded
 * by the client's own borg, commits 1000 times (each commit a segment file of
 * its own, which the quota does not count), then puts 40 MiB of objects
 * through the serve channel against a 10 MiB `repository.storageQuota`,
 * ignoring every refusal, where stock borg stops at the first. borg's serve writes an object before it
 * checks the quota, so unguarded every put would land on the server's disk;
 * the server's guarded `borg serve` refuses, unwritten, every put past the
 * quota, and takes 100 commits per serve. The run fails, the repository is never past the quota on disk,
 * passes `borg check` and keeps the archive made before.
 */
import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { archivesWithCheckpoints, CLEAN, morningAfter, pullbak, scenario, seedBulk, serverBorg, verdict, type CliResult, type Scenario } from "./support/faults.js";

const env = useLab(1);
const CODE = new URL("./fixtures/hostile-code/quota-usercustomize.py", import.meta.url);
const QUOTA = "10M";
const QUOTA_BYTES = 10 * 1024 * 1024;

interface Attack {
  taken: number;
  refused: number;
  errors: string[];
}
interface QuotaReport {
  commits: Attack;
  puts: Attack;
}

let host: LabHost;
let s: Scenario;
let run: CliResult;
/** The repository's bytes on disk right after the attack run, before anything else opens it. */
let repositoryBytes = 0;
let after: Awaited<ReturnType<typeof morningAfter>>;

beforeAll(async () => {
  host = env.lab.hosts[0]!;
  s = await scenario(env.lab, "hostile-quota");
  const config = JSON.parse(await readFile(s.configFile, "utf8")) as { defaults: Record<string, unknown> & { repository: Record<string, unknown> } };
  config.defaults.isolation = "chroot";
  config.defaults.repository.storageQuota = QUOTA;
  await writeFile(s.configFile, `${JSON.stringify(config, null, 2)}\n`);
  await seedBulk(host, 1, 1);
  expect((await pullbak(s, "init", host.name)).exitCode).toBe(0);
  const before = await pullbak(s, "run", host.name, "--archive", "before");
  expect(before.exitCode, before.stderr).toBe(0);
  const python = (await execa("python3", ["-c", "import sys; print(f'python{sys.version_info[0]}.{sys.version_info[1]}')"])).stdout;
  const site = join(host.rootDir, "root/.local/lib", python, "site-packages");
  await mkdir(site, { recursive: true });
  await copyFile(CODE, join(site, "usercustomize.py"));
  try {
    run = await pullbak(s, "run", host.name, "--archive", "past-quota");
  } finally {
    await rm(join(host.rootDir, "root/.local"), { recursive: true, force: true });
  }
  const { stdout } = await execa("du", ["-sb", s.repository(host)]);
  repositoryBytes = Number(stdout.split("\t")[0]);
  after = await morningAfter(s, host, "past-quota");
}, 180_000);

describe("hostile code that puts past the storage quota and ignores the refusals (isolation chroot)", () => {
  const report = async () =>
    JSON.parse(await readFile(join(s.stateDir, "hosts", host.name, "client-code", "borg-cache", "quota-report.json"), "utf8")) as QuotaReport;

  it("commits in a loop (each a segment file the quota does not count): the serve took 100 and refused the other 900", async () => {
    expect((await report()).commits).toEqual({ taken: 100, refused: 900, errors: ["TooManyCommits"] });
  });

  it("puts past the quota: the serve took them only up to the quota and refused every one after it", async () => {
    const { puts } = await report();
    expect(puts.taken).toBeLessThan(10);
    expect(puts.refused).toBe(40 - puts.taken);
    expect(puts.errors).toEqual(["StorageQuotaExceeded"]);
  });

  it("the repository never held more than the quota on disk", () => {
    expect(repositoryBytes).toBeLessThan(QUOTA_BYTES);
  });

  it("the run fails, leaves nothing, and the archive made before is intact", async () => {
    expect(run.exitCode, run.stderr).toBe(2);
    console.info(`past-quota: ${verdict(run)}`);
    expect(verdict(run)).toMatch(new RegExp(`^pullbak: host ${host.name}: borg create `));
    expect(after).toEqual(CLEAN);
    expect(await archivesWithCheckpoints(s, host)).toEqual(["before"]);
    const extract = await serverBorg(s, "extract", "--dry-run", `${s.repository(host)}::before`);
    expect(extract.exitCode, extract.stderr).toBe(0);
  });
});
