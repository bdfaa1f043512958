/**
 * A repository restored from a copy (issue 15): borg refuses it as older
 * than what the server last saw. pullbak says what happened and the command
 * that accepts it, and after that command the next run works. One lab host.
 */
import { cp, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { useLab } from "@pullbak/lab/testing";
import { expect, it } from "vitest";
import { pullbak, pullbakOk, seededDataConfig } from "./restore-helpers.js";

const env = useLab(1);

async function archiveNames(config: string, host: string): Promise<string[]> {
  const { stdout } = await pullbakOk(config, "list", host, "--json");
  const parsed = JSON.parse(stdout) as unknown;
  return ((Array.isArray(parsed) ? parsed : ((parsed as { archives?: unknown[] }).archives ?? [])) as Array<{ name: string }>).map((a) => a.name);
}

it("a repository rolled back from a copy fails with what happened and the command that accepts it, which works", async () => {
  const host = env.lab.hosts[0]!;
  const config = await seededDataConfig(env.lab);
  const repository = join(env.lab.dir, "repos", host.name);
  await pullbakOk(config, "init", host.name);
  await pullbakOk(config, "run", host.name, "--archive", "before-copy");
  await cp(repository, `${repository}.copy`, { recursive: true, preserveTimestamps: true });
  await pullbakOk(config, "run", host.name, "--archive", "after-copy");
  // The admin puts the copy back (a disk restored from last week's image).
  await rm(repository, { recursive: true });
  await rename(`${repository}.copy`, repository);

  const refused = await pullbak(config, "run", host.name, "--archive", "on-the-copy");
  expect(refused.exitCode).toBe(2);
  expect(refused.stderr).toContain("is older than what this server last saw of it");
  expect(refused.stderr).toContain(`pullbak cleanup ${host.name} --accept-rollback`);

  const accepted = await pullbakOk(config, "cleanup", host.name, "--accept-rollback");
  expect(accepted.stdout).toContain("accepted the repository");
  await pullbakOk(config, "run", host.name, "--archive", "on-the-copy");
  expect(await archiveNames(config, host.name)).toEqual(["before-copy", "on-the-copy"]);
});
