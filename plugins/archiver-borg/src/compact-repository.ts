import type { CompactResult, Job, Runner } from "@pullbak/core";
import { repositoryLocation } from "./borg-command.js";
import { repositoryBytes } from "./repository-bytes.js";
import { runBorg } from "./run-borg.js";
import { withoutStorageQuota } from "./storage-quota.js";

/**
 * `borg compact`: borg 1.2 deletes archives by marking their chunks free;
 * the disk space comes back only when compact rewrites the segments.
 * Bytes are measured on the server path, before and after. Runs with the
 * repository's own storage quota lifted (withoutStorageQuota).
 */
export async function compactRepository(job: Job, runner: Runner): Promise<CompactResult> {
  const path = job.host.repository.path;
  const bytesBefore = job.commands.dryRun ? 0 : await repositoryBytes(path);
  await withoutStorageQuota(job, runner, () => runBorg(job, runner, "compact", ["--", repositoryLocation(runner)]));
  const bytesAfter = job.commands.dryRun ? 0 : await repositoryBytes(path);
  return { bytesBefore, bytesAfter };
}
