/**
 * borg's self-test beside the backup (patch `background-selftest`,
 * plugins/archiver-borg/libexec/python/pullbak_background_selftest.py):
 * the client's borg (isolation chroot) forks its self-test off and commits
 * nothing before it passed. A client whose borg fails the self-test
 * (test/fixtures/client-code/failing-selftest-usercustomize.py) gets no
 * archive: exit 2 and a verdict saying why (borg's own lines with --verbose), the earlier archive
 * intact, the repository consistent, nothing of the run left. The same client
 * with a sound borg backs up again.
 */
import { copyFile, mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { archivesWithCheckpoints, CLEAN, DATA_DIR, morningAfter, pullbak, scenario, type CliResult, type Scenario, verdict } from "./support/faults.js";

const env = useLab(1);
const FAILING = new URL("./fixtures/client-code/failing-selftest-usercustomize.py", import.meta.url);

describe("borg's self-test beside the backup (isolation chroot)", () => {
  let s: Scenario;
  let host: LabHost;
  let sound: CliResult;
  let broken: CliResult;
  let brokenAfter: Awaited<ReturnType<typeof morningAfter>>;
  let archivesAfterBroken: string[];
  let again: CliResult;

  beforeAll(async () => {
    host = env.lab.hosts[0]!;
    s = await scenario(env.lab, "selftest");
    await mkdir(join(host.rootDir, DATA_DIR), { recursive: true });
    await writeFile(join(host.rootDir, DATA_DIR, "file.txt"), "the client's data\n");
    const init = await pullbak(s, "init", host.name);
    expect(init.exitCode, init.stderr).toBe(0);
    sound = await pullbak(s, "run", host.name, "--plugin", "chroot", "--archive", "sound", "--verbose");

    const python = (await execa("python3", ["-c", "import sys; print(f'python{sys.version_info[0]}.{sys.version_info[1]}')"])).stdout;
    const site = join(host.rootDir, "root/.local/lib", python, "site-packages");
    await mkdir(site, { recursive: true });
    await copyFile(FAILING, join(site, "usercustomize.py"));
    broken = await pullbak(s, "run", host.name, "--plugin", "chroot", "--archive", "broken", "--verbose");
    brokenAfter = await morningAfter(s, host, "broken");
    archivesAfterBroken = await archivesWithCheckpoints(s, host);
    await rm(join(site, "usercustomize.py"));
    again = await pullbak(s, "run", host.name, "--plugin", "chroot", "--archive", "again");
  }, 180_000);

  it("runs the self-test beside a sound borg's backup, and says so with --verbose", () => {
    expect(sound.exitCode, sound.stderr).toBe(0);
    expect(sound.stderr).toMatch(/background-selftest on \(borg 1\.2\.4\)/);
  });

  it("commits no archive when the client's borg fails its self-test: exit 2, a verdict that says so, borg's lines with --verbose", () => {
    expect(broken.exitCode, broken.stderr).toBe(2);
    expect(verdict(broken)).toMatch(/^pullbak: host lab1: borg create failed \(exit 2\): borg's self-test failed/);
    expect(broken.stderr).toMatch(/self test failed/);
    expect(broken.stderr).toMatch(/borg's self-test failed \(exit 2\): borg, its package, the OS or the hardware is at fault; nothing was committed/);
    expect(archivesAfterBroken).toEqual(["sound"]);
  });

  it("leaves nothing of that run, and a repository that passes borg check", () => {
    expect(brokenAfter).toEqual(CLEAN);
  });

  it("backs the same client up again once its borg is sound", async () => {
    expect(again.exitCode, again.stderr).toBe(0);
    expect(await archivesWithCheckpoints(s, host)).toEqual(["sound", "again"]);
  });
});
