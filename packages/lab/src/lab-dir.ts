import { realpath } from "node:fs/promises";
import { resolve } from "node:path";

/**
 * The canonical form of a lab dir: absolute, and with symlinks resolved when
 * it exists. Slots record it and /proc/PID/root reports chroots by it, so
 * `/tmp/lab` and a symlink to it must name the same lab.
 */
export async function canonicalLabDir(dir: string): Promise<string> {
  const absolute = resolve(dir);
  return realpath(absolute).catch(() => absolute);
}
