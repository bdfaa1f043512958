import { mkdir, mkdtemp, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { lockHost } from "../engine/host-lock.js";
import { MountJournal } from "../engine/mount-journal.js";
import { readRegularFile, writeFileAtomically } from "./regular-file.js";

/** A state dir with a file outside it that a planted link points at. */
async function world() {
  const dir = await mkdtemp(join(tmpdir(), "pullbak-nofollow-"));
  const target = join(dir, "elsewhere");
  await writeFile(target, "not pullbak's\n");
  return { dir, target };
}

describe("state files are opened without following links (issue #10)", () => {
  it("reads a regular file, and nothing where there is nothing", async () => {
    const { dir, target } = await world();
    expect(await readRegularFile(target, "a file")).toBe("not pullbak's\n");
    expect(await readRegularFile(join(dir, "missing"), "a file")).toBeUndefined();
  });

  it("refuses a symlink, a FIFO, a directory and an oversized file, each in one line", async () => {
    const { dir, target } = await world();
    await symlink(target, join(dir, "link"));
    await execa("mkfifo", [join(dir, "fifo")]);
    await mkdir(join(dir, "dir"));
    await expect(readRegularFile(join(dir, "link"), "the thing")).rejects.toMatchObject({ code: "UNSAFE_FILE", message: `the thing ${join(dir, "link")} is a symbolic link; pullbak opens only regular files there and never follows a link (remove it by hand after looking at who made it)` });
    await expect(readRegularFile(join(dir, "fifo"), "the thing")).rejects.toMatchObject({ code: "UNSAFE_FILE", message: expect.stringContaining("is a FIFO") });
    await expect(readRegularFile(join(dir, "dir"), "the thing")).rejects.toMatchObject({ code: "UNSAFE_FILE", message: expect.stringContaining("is a directory") });
    await expect(readRegularFile(target, "the thing", 4)).rejects.toMatchObject({ code: "UNSAFE_FILE", message: expect.stringContaining("larger than") });
  });

  it("replaces a link with the written file, never writing through it", async () => {
    const { dir, target } = await world();
    await symlink(target, join(dir, "state.json"));
    await writeFileAtomically(join(dir, "state.json"), "{}");
    expect(await readFile(target, "utf8")).toBe("not pullbak's\n");
    expect(await readRegularFile(join(dir, "state.json"), "state")).toBe("{}");
  });

  it("the host lock: a planted link or FIFO is refused within seconds, its target untouched", async () => {
    const { dir, target } = await world();
    await mkdir(join(dir, "locks"));
    await symlink(target, join(dir, "locks", "web1.lock"));
    await expect(lockHost(dir, "web1", 30)).rejects.toMatchObject({ code: "UNSAFE_FILE", message: expect.stringContaining("web1.lock is a symbolic link") });
    expect(await readFile(target, "utf8")).toBe("not pullbak's\n");
    await execa("mkfifo", [join(dir, "locks", "db1.lock")]);
    const started = Date.now();
    await expect(lockHost(dir, "db1", 30)).rejects.toMatchObject({ code: "UNSAFE_FILE", message: expect.stringContaining("db1.lock is a FIFO") });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("the mount journal: a planted link or FIFO is refused, its target untouched", async () => {
    const { dir, target } = await world();
    await mkdir(join(dir, "journal"));
    await symlink(target, join(dir, "journal", "web1.json"));
    await expect(MountJournal.forHost(dir, "web1").add("/m", "sshfs")).rejects.toMatchObject({ code: "UNSAFE_FILE" });
    expect(await readFile(target, "utf8")).toBe("not pullbak's\n");
    await execa("mkfifo", [join(dir, "journal", "db1.json")]);
    await expect(MountJournal.forHost(dir, "db1").entries()).rejects.toMatchObject({ code: "UNSAFE_FILE", message: expect.stringContaining("is a FIFO") });
  });
});
