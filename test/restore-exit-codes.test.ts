/**
 * Restores and runs that say what they did (issue 15): a restore that misses
 * a path it was asked for fails (exit 2, naming the path) with every method
 * and before touching the client; `run` checks every name and argument
 * before any client is touched, and a run-as-restore takes paths as
 * `restore` does. One lab host, one backup, shared by every case.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import { type LabHost, seedEntries } from "@pullbak/lab";
import { describe, expect, it } from "vitest";
import { leftoverMounts, newestArchive, onDisk, pullbak, pullbakOk, useBackedUpLab } from "./restore-helpers.js";

const METHODS = ["extract", "chroot-extract", "tar-restore"] as const;

describe("restore exit codes and run arguments", () => {
  let host: LabHost;
  let config: string;
  let archive: string;
  const env = useBackedUpLab((b) => ({ host, config, archive } = b));

  async function archiveCount(): Promise<number> {
    const { stdout } = await pullbakOk(config, "list", host.name, "--json");
    const parsed = JSON.parse(stdout) as unknown;
    return (Array.isArray(parsed) ? parsed : ((parsed as { archives?: unknown[] }).archives ?? [])).length;
  }

  it.each(METHODS)("%s: a path that is not in the archive fails with exit 2 naming it, and restores nothing", async (method) => {
    await rm(onDisk(host, "/srv/data/team/plan.txt"), { force: true });

    const result = await pullbak(config, "restore", host.name, "--archive", "latest", "--plugin", method, "/srv/data/team/plan.txt", "/nope");

    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).toContain("/nope is not in archive");
    expect(result.stderr).not.toContain("plan.txt is not");
    // Checked against the repository before the client was touched: the good path was not restored either.
    await expect(readFile(onDisk(host, "/srv/data/team/plan.txt"))).rejects.toThrow(/ENOENT/);
    expect(await leftoverMounts(env.lab, host)).toEqual([]);
  });

  it("run --plugin tar-restore takes paths as restore does and restores only them", async () => {
    await rm(onDisk(host, "/srv/data/team/plan.txt"), { force: true });
    await writeFile(onDisk(host, "/home/carol/notes-after-backup.txt"), "kept\n");
    await rm(onDisk(host, "/home/carol/secret.txt"), { force: true });

    await pullbakOk(config, "run", host.name, "--plugin", "tar-restore", "--archive", archive, "/srv/data/team/plan.txt");

    expect(await readFile(onDisk(host, "/srv/data/team/plan.txt"), "utf8")).toBe(seedEntries.teamPlan.content);
    await expect(readFile(onDisk(host, "/home/carol/secret.txt"))).rejects.toThrow(/ENOENT/);
    expect(await readFile(onDisk(host, "/home/carol/notes-after-backup.txt"), "utf8")).toBe("kept\n");
  });

  it("run --plugin RESTORER refuses a relative path and a missing one like restore", async () => {
    const relative = await pullbak(config, "run", host.name, "--plugin", "tar-restore", "--archive", archive, "srv/data");
    expect(relative.exitCode).toBe(78);
    expect(relative.stderr).toContain("srv/data: paths are absolute");
    const missing = await pullbak(config, "run", host.name, "--plugin", "extract", "--archive", archive, "/nope");
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("/nope is not in archive");
  });

  it("run with an unknown host or plugin fails with 78 before backing anything up", async () => {
    const before = await archiveCount();

    const host2 = await pullbak(config, "run", host.name, "nosuchhost");
    expect(host2.exitCode).toBe(78);
    expect(host2.stderr).toContain('no host "nosuchhost"');
    const plugin = await pullbak(config, "run", host.name, "--plugin", "nosuchplugin");
    expect(plugin.exitCode).toBe(78);
    expect(plugin.stderr).toContain("nosuchplugin");

    expect(await archiveCount()).toBe(before);
    expect(await newestArchive(config, host.name)).toBe(archive);
  });
});
