import { mkdir, mkdtemp, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Job } from "@pullbak/core";
import { clientRelativePath } from "./client-relative-path.js";
import { NoneIsolation } from "./none-isolation.js";
import { withNumericIds } from "./numeric-ids.js";

const job = { host: { name: "web1" }, log: { debug() {} } } as unknown as Job;
const needs = [{ name: "repository", source: "/srv/backup/web1", writable: true }];

describe("client paths without a chroot", () => {
  it.each([
    ["/etc", "etc"],
    ["/", "."],
    ["/srv/data/", "srv/data"],
    ["//var/../var/log", "var/log"],
  ])("%s -> %s", (path, relative) => {
    expect(clientRelativePath(path)).toBe(relative);
  });
});

describe("isolation none", () => {
  it("runs in the client's mount with needs at their server paths and adds nothing", async () => {
    const runner = await new NoneIsolation({ borg: "borg" }).enter(job, { root: "/var/lib/pullbak/hosts/web1/client" }, needs);
    expect(runner.pathOf("repository")).toBe("/srv/backup/web1");
    expect(runner.added).toEqual([]);
    const spec = runner.wrap({ argv: ["borg", "list"], env: { A: "b" } });
    expect(spec).toEqual({ argv: ["borg", "list"], env: { A: "b" }, cwd: "/var/lib/pullbak/hosts/web1/client" });
    expect(runner.wrap({ argv: ["ls"], cwd: "/etc" }).cwd).toBe("/var/lib/pullbak/hosts/web1/client/etc");
  });

  it("makes borg store and restore numeric ids only", () => {
    expect(withNumericIds({ argv: ["borg", "create", "--log-json", "r::a", "etc"] }, "borg").argv).toEqual(["borg", "create", "--numeric-ids", "--log-json", "r::a", "etc"]);
    expect(withNumericIds({ argv: ["borg", "extract", "r::a"] }, "borg").argv).toEqual(["borg", "extract", "--numeric-ids", "r::a"]);
    expect(withNumericIds({ argv: ["borg", "create", "--numeric-ids", "r::a"] }, "borg").argv).toEqual(["borg", "create", "--numeric-ids", "r::a"]);
    expect(withNumericIds({ argv: ["borg", "list", "r"] }, "borg").argv).toEqual(["borg", "list", "r"]);
    expect(withNumericIds({ argv: ["tar", "create"] }, "borg").argv).toEqual(["tar", "create"]);
  });

  it("refuses a path whose leading directories are client symlinks (the server would resolve them)", async () => {
    const root = await mkdtemp(join(tmpdir(), "none-"));
    await mkdir(join(root, "srv/data"), { recursive: true });
    await symlink("/etc", join(root, "www"));
    await symlink("/etc/passwd", join(root, "srv/link"));
    const runner = await new NoneIsolation({ borg: "borg" }).enter(job, { root }, needs);
    expect(runner.clientPath("/srv/data")).toBe("srv/data");
    expect(runner.clientPath("/srv/link")).toBe("srv/link"); // archived as a link, not followed
    expect(runner.clientPath("/missing/path")).toBe("missing/path");
    expect(() => runner.clientPath("/www/html")).toThrow(expect.objectContaining({ code: "UNSAFE_CLIENT_PATH", message: expect.stringContaining("/www is a symbolic link") }));
  });

  it("needs a mounted view", async () => {
    await expect(new NoneIsolation({ borg: "borg" }).enter(job, {}, needs)).rejects.toMatchObject({ code: "PLUGIN_REQUIREMENT" });
  });
});
