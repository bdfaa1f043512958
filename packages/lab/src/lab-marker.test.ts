import { mkdtemp, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { hasLabMarker, LAB_MARKER_TEXT, writeLabMarker } from "./lab-marker.js";
import { labPaths } from "./lab-paths.js";

const fresh = async () => labPaths(await mkdtemp(join(tmpdir(), "lab-marker-")));

describe("the lab marker", () => {
  it("is what labUp writes, and only that counts", async () => {
    const paths = await fresh();
    expect(await hasLabMarker(paths)).toBe(false);
    await writeLabMarker(paths);
    expect(await hasLabMarker(paths)).toBe(true);
  });

  it("a file of another content, a link to a real marker, or a FIFO does not count", async () => {
    const other = await fresh();
    await writeFile(other.marker, "lab\n");
    expect(await hasLabMarker(other)).toBe(false);
    const real = await fresh();
    await writeFile(real.marker, LAB_MARKER_TEXT);
    const linked = await fresh();
    await symlink(real.marker, linked.marker);
    expect(await hasLabMarker(linked)).toBe(false);
    const fifo = await fresh();
    await execa("mkfifo", [fifo.marker]);
    expect(await hasLabMarker(fifo)).toBe(false);
  });
});
