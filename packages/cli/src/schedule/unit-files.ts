import { constants } from "node:fs";
import { mkdir, open, readdir } from "node:fs/promises";
import { join } from "node:path";

/**
 * Writes a unit file, replacing its content but never writing through a
 * link planted at its name (O_NOFOLLOW). Mode 0644, as systemd's own units.
 */
export async function writeUnitFile(dir: string, name: string, text: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o755 });
  const file = join(dir, name);
  const handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
  try {
    await handle.writeFile(text);
    await handle.chmod(0o644);
  } finally {
    await handle.close();
  }
  return file;
}

/** pullbak timers in `dir` that the new set does not have: left by an earlier grouping of schedules. */
export async function staleTimers(dir: string, kept: readonly string[]): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => /^pullbak(-.*)?\.timer$/.test(name) && !kept.includes(name)).sort();
  } catch {
    return [];
  }
}
