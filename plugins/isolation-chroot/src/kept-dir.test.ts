import { chmod, lstat, mkdir, mkdtemp, readdir, symlink, writeFile, link } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { stripKeptDir } from "./kept-dir.js";

describe("a kept dir the client's code wrote (its borg's cache)", () => {
  it("keeps plain files and directories, drops everything else and every setuid bit, follows nothing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kept-dir-"));
    const outside = await mkdtemp(join(tmpdir(), "kept-outside-"));
    await writeFile(join(outside, "victim"), "server file\n", { mode: 0o600 });
    await mkdir(join(dir, "abc/chunks.archive.d"), { recursive: true });
    await writeFile(join(dir, "abc/files"), "cache");
    await writeFile(join(dir, "abc/shell"), "#!/bin/sh\n");
    await chmod(join(dir, "abc/shell"), 0o6755);
    await symlink(join(outside, "victim"), join(dir, "abc/config"));
    await symlink(outside, join(dir, "abc/lock.exclusive"));
    await writeFile(join(dir, "abc/lock.roster"), "{}");
    await execa("mkfifo", [join(dir, "abc/chunks.archive.d/fifo")]);
    // A hard link to a server file: chmod-ing it would change the server file.
    await link(join(outside, "victim"), join(dir, "abc/hard"));
    await chmod(join(dir, "abc"), 0o4777);

    const removed = await stripKeptDir(dir);

    expect(removed.sort()).toEqual(["abc/chunks.archive.d/fifo", "abc/config", "abc/hard", "abc/lock.exclusive", "abc/lock.roster"].sort());
    expect((await readdir(join(dir, "abc"))).sort()).toEqual(["chunks.archive.d", "files", "shell"]);
    expect((await lstat(join(dir, "abc/shell"))).mode & 0o7777).toBe(0o600);
    expect((await lstat(join(dir, "abc"))).mode & 0o7777).toBe(0o700);
    expect(await readdir(outside)).toEqual(["victim"]);
    expect((await lstat(join(outside, "victim"))).mode & 0o7777).toBe(0o600);
  });
});
