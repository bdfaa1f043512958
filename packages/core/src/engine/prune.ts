import type { DependencyContainer } from "tsyringe";
import type { CompactResult, PruneResult } from "../contracts/archiver.js";
import type { Job } from "../contracts/job.js";
import { PullbakError } from "../errors.js";
import { recordedJob } from "./recorded-job.js";
import { serverRunner } from "./server-runner.js";
import { archiverWith } from "./upkeep-archiver.js";

/**
 * Applies the host's `retention` to its own archives, on the server's
 * archiver (never a client's: no transport, no isolation). A host without
 * retention is refused (CONFIG_INVALID): it is never pruned. `dryRun`
 * decides and reports only, and writes no run record.
 */
export async function prune(container: DependencyContainer, job: Job, options: { dryRun: boolean }): Promise<PruneResult> {
  const retention = job.host.retention;
  if (!retention) throw new PullbakError("CONFIG_INVALID", `host ${job.host.name} has no retention: it is never pruned (set retention: under the host or defaults)`);
  const archiver = archiverWith(container, job, "prune", "prune");
  const work = () => archiver.prune(job, serverRunner(archiver.needs(job)), { retention, archiveName: job.host.archiveName, dryRun: options.dryRun });
  return options.dryRun ? work() : recordedJob(container, job, "prune", work);
}

/** Frees the space of deleted archives (run record action `compact`). */
export function compact(container: DependencyContainer, job: Job): Promise<CompactResult> {
  const archiver = archiverWith(container, job, "compact", "compact");
  return recordedJob(container, job, "compact", () => archiver.compact(job, serverRunner(archiver.needs(job))));
}
