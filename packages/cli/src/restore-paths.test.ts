import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { restorePathsFrom } from "./restore-paths.js";

describe("--paths-from FILE [--null] (issue 15)", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "paths-from-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("reads NUL-separated paths as bytes: a latin-1 byte and a newline stay in the name", async () => {
    const file = join(dir, "list");
    await writeFile(file, Buffer.concat([Buffer.from("/srv/caf"), Buffer.of(0xe9, 0), Buffer.from("/srv/new\nline\0")]));
    expect(await restorePathsFrom("restore", file, true)).toEqual(["/srv/caf\udce9", "/srv/new\nline"]);
    // Without --null a newline separates: "line" is then a relative path of its own.
    await expect(restorePathsFrom("restore", file, false)).rejects.toMatchObject({ code: "USAGE", message: expect.stringContaining("line: paths are absolute") });
  });

  it("refuses a relative path, an empty list and a file it cannot read, as a usage error", async () => {
    const relative = join(dir, "relative");
    await writeFile(relative, "srv/x\0");
    await expect(restorePathsFrom("restore", relative, true)).rejects.toMatchObject({ code: "USAGE" });
    const empty = join(dir, "empty");
    await writeFile(empty, "\0\0");
    await expect(restorePathsFrom("restore", empty, true)).rejects.toMatchObject({ code: "USAGE", message: expect.stringContaining("no path") });
    await expect(restorePathsFrom("restore", join(dir, "nope"), true)).rejects.toMatchObject({ code: "USAGE", message: expect.stringContaining("ENOENT") });
  });
});
