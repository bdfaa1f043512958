import { constants } from "node:fs";
import { open, writeFile } from "node:fs/promises";
import type { LabPaths } from "./lab-paths.js";

/** What `labUp` writes into the marker; `labDown` accepts exactly these bytes. */
export const LAB_MARKER_TEXT = "This directory is a pullbak lab: labDown deletes all of it.\n";

/** Marks `paths.dir` as made by `labUp` (the first thing it writes there). */
export async function writeLabMarker(paths: LabPaths): Promise<void> {
  await writeFile(paths.marker, LAB_MARKER_TEXT, { mode: 0o600, flag: "wx" });
}

/**
 * Whether `paths.dir` carries the marker `labUp` wrote: a regular file
 * (opened without following a link, never blocking on a FIFO) holding
 * exactly LAB_MARKER_TEXT. Why (issue #10): `labDown` kills every process
 * rooted below the dir and deletes it; given a production /etc/pullbak or
 * /var/lib/pullbak by mistake it must refuse, whatever that dir contains.
 */
export async function hasLabMarker(paths: LabPaths): Promise<boolean> {
  const handle = await open(paths.marker, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(() => undefined);
  if (!handle) return false;
  try {
    if (!(await handle.stat()).isFile()) return false;
    const buffer = Buffer.alloc(LAB_MARKER_TEXT.length + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString("utf8") === LAB_MARKER_TEXT;
  } finally {
    await handle.close();
  }
}
