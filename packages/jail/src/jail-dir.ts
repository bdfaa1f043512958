import { mkdir, mkdtemp, readdir, rmdir } from "node:fs/promises";
import { join } from "node:path";
import type { Job } from "@pullbak/core";

/**
 * An empty server-side directory under the host's state dir, on which the
 * jail's tmpfs is mounted (in the command's private namespace only). Made
 * for the run and removed (rmdir) by its undo step.
 *
 * @param prefix the directory name's start, e.g. "extract-jail-" (one per user of the jail, so
 *   a restore and a backup never trip over each other's leftovers)
 */
export async function makeJailDir(job: Job, prefix: string): Promise<string> {
  const base = join(job.hostStateDir, prefix);
  if (job.commands.dryRun) {
    job.commands.note(`mkdir ${base}XXXXXX`);
    return `${base}XXXXXX`;
  }
  await mkdir(job.hostStateDir, { recursive: true, mode: 0o700 });
  await removeStaleJailDirs(job.hostStateDir, prefix);
  const dir = await mkdtemp(base);
  job.commands.note(`mkdir ${dir}`);
  job.undo.push(`rmdir ${dir}`, () => rmdir(dir));
  return dir;
}

/**
 * A run killed with SIGKILL leaves its jail dir behind, empty: the jail's
 * mounts lived in the dead process's namespace. rmdir (never rm -r) refuses
 * anything that is not an empty dir.
 */
async function removeStaleJailDirs(hostStateDir: string, prefix: string): Promise<void> {
  for (const name of await readdir(hostStateDir)) {
    if (name.startsWith(prefix)) await rmdir(join(hostStateDir, name)).catch(() => {});
  }
}
