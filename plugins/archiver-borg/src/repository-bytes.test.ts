import { execFile } from "node:child_process";
import { mkdir, mkdtemp, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { repositoryBytes } from "./repository-bytes.js";

describe("bytes of a repository on disk", () => {
  it("counts regular files only: a planted link is not followed, a FIFO does not block", async () => {
    const dir = await mkdtemp(join(tmpdir(), "pullbak-bytes-"));
    const repository = join(dir, "repo");
    await mkdir(join(repository, "data", "0"), { recursive: true });
    await writeFile(join(repository, "data", "0", "1"), Buffer.alloc(1000));
    await writeFile(join(dir, "server-file"), Buffer.alloc(5000));
    // What a hostile client's borg could leave in its repository (issue 10): links out, a FIFO.
    await symlink(join(dir, "server-file"), join(repository, "data", "0", "2"));
    await symlink(dir, join(repository, "data", "1"));
    await promisify(execFile)("mkfifo", [join(repository, "data", "0", "3")]);
    expect(await repositoryBytes(repository)).toBe(1000);
  });
});
