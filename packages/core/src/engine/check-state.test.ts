import { lstat, mkdtemp, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkStateFile, readCheckState, writeCheckState } from "./check-state.js";

describe("when each check last passed", () => {
  it("is written and read back", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pullbak-checks-"));
    const state = { repository: new Date("2026-03-03T00:00:00Z") };
    await writeCheckState(dir, state);
    expect(await readCheckState(dir)).toEqual(state);
    expect((await lstat(checkStateFile(dir))).mode & 0o777).toBe(0o600);
  });

  it("a planted link is neither read through nor written through; it reads as never (checks run)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pullbak-checks-"));
    const target = join(dir, "elsewhere");
    await writeFile(target, JSON.stringify({ version: 1, lastRun: { repository: "2099-01-01T00:00:00Z" } }));
    await symlink(target, checkStateFile(dir));
    expect(await readCheckState(dir)).toEqual({});
    await writeCheckState(dir, { archives: new Date("2026-03-03T00:00:00Z") });
    expect(JSON.parse(await readFile(target, "utf8"))).toEqual({ version: 1, lastRun: { repository: "2099-01-01T00:00:00Z" } });
    expect((await lstat(checkStateFile(dir))).isFile()).toBe(true);
  });

  it("a foreign or broken file reads as never", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pullbak-checks-"));
    await writeFile(checkStateFile(dir), "{ not json");
    expect(await readCheckState(dir)).toEqual({});
    await writeFile(checkStateFile(dir), JSON.stringify({ lastRun: { repository: "yesterday", bogus: "2026-01-01T00:00:00Z" } }));
    expect(await readCheckState(dir)).toEqual({});
  });
});
