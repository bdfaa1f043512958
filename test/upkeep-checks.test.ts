/**
 * Scheduled checks and key export (issue 12), against local repositories on
 * the server (no lab host: neither touches a client). The clock is the one
 * pullbak keeps: when each check last passed, in the host's checks.json.
 */
import { cp, open, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { readRunRecords } from "@pullbak/core";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { ok, PASSPHRASE, upkeepFixture, type UpkeepFixture } from "./upkeep-support.js";

const DAY = 24 * 3600 * 1000;

describe("pullbak check", () => {
  let f: UpkeepFixture;
  let repository: string;
  const stateFile = () => join(f.stateDir, "hosts", "chk", "checks.json");
  const lastRun = async () => (JSON.parse(await readFile(stateFile(), "utf8")) as { lastRun: Record<string, string> }).lastRun;
  /** Moves the remembered time of a check back by `days`: the clock as pullbak sees it. */
  const ranDaysAgo = async (name: string, days: number) => {
    const state = JSON.parse(await readFile(stateFile(), "utf8")) as { lastRun: Record<string, string> };
    state.lastRun[name] = new Date(Date.now() - days * DAY).toISOString();
    await writeFile(stateFile(), JSON.stringify(state));
  };

  beforeAll(async () => {
    f = await upkeepFixture({
      chk: { address: "192.0.2.30", checks: [{ name: "repository", frequency: "1 week" }, { name: "archives", frequency: "2 weeks" }] },
    });
    repository = join(f.dir, "repos", "chk");
    ok(await f.pullbak("init", "chk"), "init");
    ok(await f.borg("chk", "create", `${repository}::chk-2026-01-01T00:00:00Z`, "data"), "borg create");
  }, 120_000);

  it("runs every check the first time and remembers when each passed", async () => {
    const result = ok(await f.pullbak("check", "chk"), "check");
    expect(result.stdout).toBe("chk: check repository ok\nchk: check archives ok");
    expect(Object.keys(await lastRun()).sort()).toEqual(["archives", "repository"]);
  });

  it("runs only what is due", async () => {
    const fresh = ok(await f.pullbak("check", "chk"), "check");
    expect(fresh.stdout).toMatch(/^chk: check repository not due until \S+ \(--force runs it now\)\nchk: check archives not due until /);
    await ranDaysAgo("repository", 8);
    await ranDaysAgo("archives", 8);
    const later = ok(await f.pullbak("check", "chk"), "check a week later");
    expect(later.stdout).toMatch(/^chk: check repository ok\nchk: check archives not due until /);
  });

  it("--force runs what is not due; --only picks one", async () => {
    const forced = ok(await f.pullbak("check", "chk", "--force", "--only", "archives"), "check --force --only archives");
    expect(forced.stdout).toBe("chk: check archives ok");
  });

  it("a damaged segment fails the check: exit 2, the check named, how to repair, a failed run record", async () => {
    const segments = join(repository, "data", "0");
    const names = (await readdir(segments)).filter((n) => /^\d+$/.test(n));
    let biggest = names[0]!;
    for (const name of names) if ((await stat(join(segments, name))).size > (await stat(join(segments, biggest))).size) biggest = name;
    const handle = await open(join(segments, biggest), "r+");
    await handle.write(Buffer.alloc(64, 0xff), 0, 64, 100);
    await handle.close();
    const result = await f.pullbak("check", "chk", "--force", "--only", "repository");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^pullbak: host chk: check repository failed: borg check --repository-only found problems in \S+: .+; pullbak never repairs: copy the repository first, then run borg check --repair/m);
    const records = await readRunRecords(join(f.stateDir, "hosts", "chk"));
    expect(records.at(-1)).toMatchObject({ action: "check", result: "failed", exitCode: 2, error: { code: "ARCHIVER_FAILED" } });
  });
});

describe("pullbak key export", () => {
  let f: UpkeepFixture;
  let repository: string;

  beforeAll(async () => {
    f = await upkeepFixture({ kf: { address: "192.0.2.40", repository: { encryption: "keyfile-blake2" } } });
    repository = join(f.dir, "repos", "kf");
    ok(await f.pullbak("init", "kf"), "init");
    ok(await f.borg("kf", "create", `${repository}::kf-2026-01-01T00:00:00Z`, "data"), "borg create");
  }, 120_000);

  it("the exported key opens a copy of the repository whose key is gone", async () => {
    const file = join(f.dir, "kf.key");
    const exported = ok(await f.pullbak("key", "export", "kf", file), "key export");
    expect(exported.stdout).toContain(`kf: key written to ${file}`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    // The copy as it would be restored after the server died: the repository alone, no keys dir.
    const copy = join(f.dir, "copy");
    await cp(repository, copy, { recursive: true });
    const fresh = { BORG_BASE_DIR: join(f.dir, "fresh-server"), BORG_RELOCATED_REPO_ACCESS_IS_OK: "yes" };
    const without = await runBorg(["list", copy], fresh);
    expect(without.exitCode).toBe(2);
    ok(await runBorg(["key", "import", copy, file], fresh), "borg key import");
    const listed = ok(await runBorg(["list", "--short", copy], fresh), "borg list of the copy");
    expect(listed.stdout.trim()).toBe("kf-2026-01-01T00:00:00Z");
  });

  it("refuses to overwrite a file; --paper prints the paper form", async () => {
    const file = join(f.dir, "kf.key");
    const again = await f.pullbak("key", "export", "kf", file);
    expect(again.exitCode).toBe(78);
    expect(again.stderr).toContain("it exists (pullbak never overwrites a key backup");
    const paper = ok(await f.pullbak("key", "export", "kf", "--paper"), "key export --paper");
    expect(paper.stdout).toContain("BORG PAPER KEY v1");
  });
});

/** The server's borg, the passphrase on a pipe (fd 3) as pullbak hands it over, never in the environment. */
async function runBorg(args: string[], env: Record<string, string>) {
  const result = await execa("borg", args, { env: { ...env, BORG_PASSPHRASE_FD: "3" }, stdio: ["ignore", "pipe", "pipe", Buffer.from(PASSPHRASE)], reject: false });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}
