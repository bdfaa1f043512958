import { lstat, mkdir, mkdtemp, readdir, stat, symlink, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fakeJob, NotingRunner } from "./__fixtures__/fake-job.js";
import { ChrootIsolation } from "./chroot-isolation.js";
import { chrootLayout } from "./chroot-layout.js";

const isolation = new ChrootIsolation({ borg: "borg", capabilities: ["dac_override"], restoreCapabilities: ["dac_override"], isolateNetwork: true, proc: false, scratch: 0 });

async function fixture() {
  const dir = await mkdtemp(join(tmpdir(), "chroot-enter-"));
  const client = join(dir, "client");
  await mkdir(join(client, "etc"), { recursive: true });
  const hostStateDir = join(dir, "state");
  return { dir, client, hostStateDir };
}

describe("entering the chroot isolation", () => {
  it("prepares every mount target in the server-side upper layer, shaped like the client's root", async () => {
    const { dir, client, hostStateDir } = await fixture();
    await utimes(client, new Date("2001-02-03T04:05:06Z"), new Date("2001-02-03T04:05:06Z"));
    const job = fakeJob(hostStateDir);
    const needs = [
      { name: "repository", source: join(dir, "repo"), writable: true },
      { name: "borg-cache", source: join(dir, "cache"), writable: true },
    ];
    const runner = await isolation.enter(job, { root: client }, needs);
    const upper = chrootLayout(hostStateDir).upper;
    expect((await readdir(join(upper, ".pullbak"))).sort()).toEqual(["borg-cache", "repository", "tmp"]);
    expect((await readdir(upper)).sort()).toEqual([".pullbak", "dev", "proc", "sys"]);
    expect((await stat(upper)).mtime.toISOString()).toBe("2001-02-03T04:05:06.000Z");
    // A writable need is the client code's own dir, emptied after the run; its source is left alone.
    expect((await stat(join(hostStateDir, "client-code/borg-cache"))).isDirectory()).toBe(true);
    await expect(lstat(join(dir, "cache"))).rejects.toMatchObject({ code: "ENOENT" });
    expect(runner.pathOf("borg-cache")).toBe("/.pullbak/borg-cache");
    await job.undo.unwind();
    await expect(lstat(upper)).rejects.toMatchObject({ code: "ENOENT" });
    await expect(lstat(join(hostStateDir, "client-code/borg-cache"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("refuses a client that has /.pullbak, even as a symlink, and follows nothing", async () => {
    const { client, hostStateDir } = await fixture();
    await symlink("/etc", join(client, ".pullbak"));
    await expect(isolation.enter(fakeJob(hostStateDir), { root: client }, [])).rejects.toMatchObject({
      code: "UNSAFE_CLIENT_PATH",
      message: expect.stringContaining("already has /.pullbak (a symbolic link)"),
    });
  });

  it("refuses a view without a mount, a need inside the client's mount, and odd need names", async () => {
    const { client, hostStateDir } = await fixture();
    await expect(isolation.enter(fakeJob(hostStateDir), {}, [])).rejects.toMatchObject({ code: "PLUGIN_REQUIREMENT" });
    await expect(isolation.enter(fakeJob(hostStateDir), { root: client }, [{ name: "repo", source: join(client, "srv"), writable: true }])).rejects.toMatchObject({ code: "UNSAFE_CLIENT_PATH" });
    for (const name of ["../x", "tmp", ".hidden", "a/b"]) {
      await expect(isolation.enter(fakeJob(hostStateDir), { root: client }, [{ name, source: "/srv", writable: false }])).rejects.toMatchObject({ code: "PLUGIN_SHAPE" });
    }
  });

  it("under --dry-run only notes what it would prepare", async () => {
    const { client, hostStateDir } = await fixture();
    const commands = new NotingRunner(true);
    await isolation.enter(fakeJob(hostStateDir, commands), { root: client }, [{ name: "repository", source: "/nonexistent/repo", writable: true }]);
    await expect(lstat(hostStateDir)).rejects.toMatchObject({ code: "ENOENT" });
    expect(commands.notes.join("\n")).toMatch(/prepare overlay upper layer .*\.pullbak\/\{repository \(dir\), tmp\}/);
  });
});
