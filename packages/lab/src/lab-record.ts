import { readFile, rename, writeFile } from "node:fs/promises";
import { hasErrnoCode } from "./errno.js";
import type { LabPaths } from "./lab-paths.js";
import type { Lab } from "./lab-types.js";

/** Saves the finished Lab, atomically: a reader sees the old record or the new one. */
export async function saveLabRecord(paths: LabPaths, lab: Lab): Promise<void> {
  const temporary = `${paths.record}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(lab, null, 2)}\n`, { mode: 0o644 });
  await rename(temporary, paths.record);
}

/** The Lab a successful `labUp` left in this dir, if any. */
export async function loadLabRecord(paths: LabPaths): Promise<Lab | undefined> {
  try {
    return JSON.parse(await readFile(paths.record, "utf8")) as Lab;
  } catch (error) {
    if (hasErrnoCode(error, "ENOENT")) return undefined;
    throw error;
  }
}
