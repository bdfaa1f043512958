import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";

/**
 * Bytes of the regular files under a repository (its segments, index,
 * hints), found with lstat: a link is counted as itself, never followed.
 */
export async function repositoryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await repositoryBytes(path);
    else if (entry.isFile()) total += (await lstat(path)).size;
  }
  return total;
}
