import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UndoStack, type Job } from "@pullbak/core";
import { NoneIsolation } from "./none-isolation.js";
import { withNumericIds } from "./numeric-ids.js";

async function fakeJob(): Promise<Job> {
  const hostStateDir = join(await mkdtemp(join(tmpdir(), "none-")), "web1");
  const commands = { dryRun: true, note() {} };
  return { host: { name: "web1" }, log: { debug() {} }, commands, undo: new UndoStack(), hostStateDir } as unknown as Job;
}
const needs = [{ name: "repository", source: "/srv/backup/web1", writable: true }];

describe("isolation none", () => {
  it("runs in a jail at the client's root, with needs under a random directory, and adds nothing", async () => {
    const runner = await new NoneIsolation({ borg: "borg" }).enter(await fakeJob(), { root: "/var/lib/pullbak/hosts/web1/client" }, needs);
    expect(runner.pathOf("repository")).toMatch(/^\/needs-[0-9a-f]{32}\/repository$/);
    expect(runner.added).toEqual([]);
    expect(runner.clientPath("/srv/data/")).toBe("srv/data");
    expect(runner.clientPath("/")).toBe(".");
    const spec = runner.wrap({ argv: ["borg", "create", "r::a", "etc"], env: { A: "b" } });
    expect(spec.argv[0]).toBe("unshare");
    expect(spec.argv).toContain("/var/lib/pullbak/hosts/web1/client");
    expect(spec.argv.slice(-6)).toEqual(["--", "borg", "create", "--numeric-ids", "r::a", "etc"]);
    expect(spec.env).toEqual({ A: "b", PYTHONNOUSERSITE: "1" });
    expect(spec.cwd).toBeUndefined();
  });

  it("enters the view's mount namespace outermost", async () => {
    const view = { root: "/mnt/c", inMountNamespace: (spec: { argv: readonly string[] }) => ({ ...spec, argv: ["nsenter", "--", ...spec.argv] }) };
    const runner = await new NoneIsolation({ borg: "borg" }).enter(await fakeJob(), view, needs);
    expect(runner.wrap({ argv: ["borg", "list"] }).argv.slice(0, 3)).toEqual(["nsenter", "--", "unshare"]);
  });

  it("makes borg store and restore numeric ids only", () => {
    expect(withNumericIds({ argv: ["borg", "create", "--log-json", "r::a", "etc"] }, "borg").argv).toEqual(["borg", "create", "--numeric-ids", "--log-json", "r::a", "etc"]);
    expect(withNumericIds({ argv: ["borg", "extract", "r::a"] }, "borg").argv).toEqual(["borg", "extract", "--numeric-ids", "r::a"]);
    expect(withNumericIds({ argv: ["borg", "create", "--numeric-ids", "r::a"] }, "borg").argv).toEqual(["borg", "create", "--numeric-ids", "r::a"]);
    expect(withNumericIds({ argv: ["borg", "list", "r"] }, "borg").argv).toEqual(["borg", "list", "r"]);
    expect(withNumericIds({ argv: ["tar", "create"] }, "borg").argv).toEqual(["tar", "create"]);
  });

  it("needs a mounted view", async () => {
    await expect(new NoneIsolation({ borg: "borg" }).enter(await fakeJob(), {}, needs)).rejects.toMatchObject({ code: "PLUGIN_REQUIREMENT" });
  });
});
