import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UndoStack, type CommandSpec, type Job } from "@pullbak/core";
import { UserdbIsolation } from "./userdb-isolation.js";

/** A dry-run job that records the commands it is asked to run. */
async function fakeJob(): Promise<Job & { ran: CommandSpec[] }> {
  const ran: CommandSpec[] = [];
  const hostStateDir = join(await mkdtemp(join(tmpdir(), "userdb-")), "web1");
  const commands = { dryRun: true, note() {}, run: async (spec: CommandSpec) => (ran.push(spec), { exitCode: 0, stdout: "", stderr: "", canceled: false }) };
  return { host: { name: "web1" }, log: { debug() {} }, commands, undo: new UndoStack(), hostStateDir, ran } as unknown as Job & { ran: CommandSpec[] };
}
const needs = [{ name: "repository", source: "/srv/backup/web1", writable: true }];
const isolation = new UserdbIsolation({ maxFileBytes: 1024 });

describe("isolation userdb", () => {
  it("copies the client's passwd and group with the server's python, then runs commands in a jail with the copies as /etc", async () => {
    const job = await fakeJob();
    const view = { root: "/mnt/c", inMountNamespace: (spec: CommandSpec) => ({ ...spec, argv: ["nsenter", "--", ...spec.argv] }) };
    const runner = await isolation.enter(job, view, needs);
    expect(job.ran).toHaveLength(1);
    const copy = job.ran[0]!.argv;
    expect(copy.slice(0, 3)).toEqual(["nsenter", "--", "unshare"]);
    expect(copy.slice(copy.lastIndexOf("--") + 1, -3)).toEqual(["/usr/bin/python3", "-I", "-S", "-B", expect.stringMatching(/\/copy-userdb\.py$/) as unknown as string]);
    expect(copy.slice(-3, -1)).toEqual(["/client", expect.stringMatching(/^\/needs-[0-9a-f]{32}\/userdb$/) as unknown as string]);
    expect(copy.at(-1)).toBe("1024");

    const spec = runner.wrap({ argv: ["borg", "create", "r::a", "etc"] });
    expect(spec.argv.slice(0, 3)).toEqual(["nsenter", "--", "unshare"]);
    // The jail's <etc> argument is the server-side copy dir, and borg keeps its names (no --numeric-ids).
    expect(spec.argv).toContain(join(job.hostStateDir, "userdb"));
    expect(spec.argv.slice(-5)).toEqual(["--", "borg", "create", "r::a", "etc"]);
    expect(runner.clientPath("/etc")).toBe("etc");
    expect(runner.clientPath("/")).toBe(".");
    expect(runner.added).toEqual([]);
  });

  it("refuses to write to the client, naming the restores that work", async () => {
    await expect(isolation.enter(await fakeJob(), { root: "/mnt/c" }, needs, { writes: "client" })).rejects.toMatchObject({
      code: "PLUGIN_REQUIREMENT",
      message: expect.stringContaining("--plugin extract"),
    });
  });

  it("needs a mounted view", async () => {
    await expect(isolation.enter(await fakeJob(), {}, needs)).rejects.toMatchObject({ code: "PLUGIN_REQUIREMENT" });
  });
});
