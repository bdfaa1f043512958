/**
 * Upkeep after a real backup (issue 12): `pullbak run` against a lab host
 * (real sshd, sshfs, chroot, borg) prunes by the host's retention, compacts
 * and runs the checks that are due, on the server; the repository keeps
 * passing `borg check` through backup + prune + compact cycles.
 */
import { open, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadConfig, readRunRecords } from "@pullbak/core";
import type { Lab } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOTS } from "./restore-helpers.js";
import { pullbakWithConfig as pullbak } from "./support/pullbak.js";
import { ok } from "./upkeep-support.js";

const env = useLab(1);

/** The lab's config narrowed to the seeded data, with a policy that prunes the older of two same-day archives. */
async function configFor(lab: Lab): Promise<{ file: string; stateDir: string; repository: (host: string) => string }> {
  const { config } = await loadConfig(lab.configFile);
  const stateDir = join(lab.dir, "state-upkeep");
  const repositories = join(lab.dir, "repos-upkeep");
  const defaults = {
    ...config.defaults,
    sources: [...ROOTS],
    repository: { ...config.defaults?.repository, path: join(repositories, "{host}") },
    retention: { keepDaily: 1 },
    checks: [{ name: "repository", frequency: "1 week" }],
  };
  const file = join(lab.dir, "upkeep.yaml");
  await writeFile(file, `${JSON.stringify({ ...config, stateDir, defaults }, null, 2)}\n`);
  // The same without retention: a run that goes straight from its backup to its due checks.
  const checksOnly = join(lab.dir, "upkeep-checks-only.yaml");
  const { retention: _none, ...withoutRetention } = defaults;
  await writeFile(checksOnly, `${JSON.stringify({ ...config, stateDir, defaults: withoutRetention }, null, 2)}\n`);
  return { file, checksOnly, stateDir, repository: (host) => join(repositories, host) };
}

async function serverBorg(lab: Lab, ...args: string[]) {
  const passphrase = await readFile(lab.passphraseFile);
  return execa("borg", args, {
    env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", BORG_PASSPHRASE_FD: "3", BORG_BASE_DIR: join(lab.dir, "upkeep-borg"), BORG_RELOCATED_REPO_ACCESS_IS_OK: "yes" },
    extendEnv: false,
    stdio: ["ignore", "pipe", "pipe", passphrase],
    reject: false,
  });
}

describe("backup + prune + compact + checks", () => {
  let setup: Awaited<ReturnType<typeof configFor>>;
  let host: string;
  const archives = async () => String((await serverBorg(env.lab, "list", "--short", setup.repository(host))).stdout).split("\n").filter(Boolean);

  beforeAll(async () => {
    host = env.lab.hosts[0]!.name;
    setup = await configFor(env.lab);
    ok(await pullbak(setup.file, "init", host), "init");
  }, 120_000);

  it("each run keeps the day's newest archive, compacts, checks when due; borg check passes throughout", async () => {
    ok(await pullbak(setup.file, "run", host), "first run");
    const first = await archives();
    expect(first).toHaveLength(1);
    const second = ok(await pullbak(setup.file, "run", host), "second run");
    const after = await archives();
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(first[0]);
    expect(second.stdout).toContain(`archive ${after[0]} created`);
    const check = await serverBorg(env.lab, "check", setup.repository(host));
    expect(check.stderr).toBe("");
    expect(check.exitCode).toBe(0);
    const records = await readRunRecords(join(setup.stateDir, "hosts", host));
    // Oldest start first: each backup, then its upkeep. The weekly check was due after the first backup only.
    expect(records.map((r) => `${r.action}:${r.result}`)).toEqual([
      "backup:ok", "prune:ok", "compact:ok", "check:ok",
      "backup:ok", "prune:ok", "compact:ok",
    ]);
  });

  it("a damaged segment fails the next run whose check is due: exit 2, the check named", async () => {
    const segments = join(setup.repository(host), "data", "0");
    const names = (await readdir(segments)).filter((n) => /^\d+$/.test(n));
    const sizes = await Promise.all(names.map(async (n) => (await stat(join(segments, n))).size));
    const biggest = names[sizes.indexOf(Math.max(...sizes))]!;
    const handle = await open(join(segments, biggest), "r+");
    await handle.write(Buffer.alloc(64, 0xff), 0, 64, 100);
    await handle.close();
    // A week later, as far as the check's schedule goes.
    const stateFile = join(setup.stateDir, "hosts", host, "checks.json");
    await writeFile(stateFile, JSON.stringify({ version: 1, lastRun: { repository: new Date(Date.now() - 8 * 24 * 3600 * 1000).toISOString() } }));
    const result = await pullbak(setup.checksOnly, "run", host);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^pullbak: host ${host}: archive ${host}-\\S+ was created, then check repository failed: borg check --repository-only found problems in `, "m"));
    const records = await readRunRecords(join(setup.stateDir, "hosts", host));
    expect(records.slice(-2).map((r) => `${r.action}:${r.result}:${r.exitCode}`)).toEqual(["backup:failed:2", "check:failed:2"]);
  });
});
