import type { Job, PruneRequest, PruneResult, Retention, Runner } from "@pullbak/core";
import { archiveGlob } from "./archive-glob.js";
import { repositoryLocation } from "./borg-command.js";
import { listWithCheckpoints } from "./listed-archives.js";
import { pruneDecisions } from "./prune-decisions.js";
import { runBorg } from "./run-borg.js";
import { withoutStorageQuota } from "./storage-quota.js";

const SECONDS_PER_HOUR = 3600;

/**
 * borg's `--keep-*` options for a policy. borg 1.2 takes `--keep-within` in
 * whole hours at best (`24H`), so seconds are rounded up: a policy never
 * keeps less than it says.
 */
export function keepOptions(retention: Retention): string[] {
  const options: string[] = [];
  if (retention.keepWithin) options.push(`--keep-within=${Math.max(1, Math.ceil(retention.keepWithin / SECONDS_PER_HOUR))}H`);
  const counts: Array<[keyof Retention, string]> = [
    ["keepHourly", "--keep-hourly"],
    ["keepDaily", "--keep-daily"],
    ["keepWeekly", "--keep-weekly"],
    ["keepMonthly", "--keep-monthly"],
    ["keepYearly", "--keep-yearly"],
  ];
  for (const [key, option] of counts) if (retention[key]) options.push(`${option}=${retention[key]}`);
  return options;
}

/**
 * `borg prune --list` of the host's own archives (names its template
 * produces, see archive-glob.ts), then every archive of the repository with
 * its fate. Runs on the server's borg, never a client's, with the
 * repository's own storage quota lifted (withoutStorageQuota).
 */
export async function pruneArchives(job: Job, runner: Runner, request: PruneRequest): Promise<PruneResult> {
  const before = await listWithCheckpoints(job, runner);
  const prune = () =>
    runBorg(job, runner, "prune", [
      "--list",
      ...(request.dryRun ? ["--dry-run"] : []),
      `--glob-archives=${archiveGlob(request.archiveName, job.host.name)}`,
      ...keepOptions(request.retention),
      "--",
      repositoryLocation(runner),
    ]);
  const outcome = request.dryRun ? await prune() : await withoutStorageQuota(job, runner, prune);
  return { decisions: pruneDecisions(before, outcome.log.listed) };
}
