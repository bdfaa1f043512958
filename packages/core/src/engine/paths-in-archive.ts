import type { Archiver } from "../contracts/archiver.js";
import type { Job } from "../contracts/job.js";
import { PullbakError } from "../errors.js";
import { pathList } from "../text/escape-control.js";
import { serverRunner } from "./server-runner.js";

/**
 * Refuses a restore of a path the archive does not hold, before any client
 * is touched. Without it every method "restored" nothing and exited 1 (borg's
 * "never matched" warning), which docs/errors.md calls "files restored"
 * (issue 15). Skipped under --dry-run (the repository is not asked) and for
 * an archiver that cannot tell (no `missingPaths`).
 *
 * @throws PullbakError NOT_IN_ARCHIVE (exit 2) naming every missing path.
 */
export async function assertPathsInArchive(job: Job, archiver: Archiver, archive: string, paths: readonly string[]): Promise<void> {
  if (paths.length === 0 || job.commands.dryRun || !archiver.missingPaths) return;
  const missing = await archiver.missingPaths(job, serverRunner(archiver.needs(job)), { archive, paths });
  if (missing.length === 0) return;
  const which = missing.length === 1 ? `${pathList(missing)} is` : `${pathList(missing)} are`;
  throw new PullbakError("NOT_IN_ARCHIVE", `host ${job.host.name}: ${which} not in archive ${archive}: nothing was restored (see pullbak list ${job.host.name} --archive ${archive})`);
}
