import { join } from "node:path";
import { formatBytes, type Job, PullbakError, readRegularFile, type Runner } from "@pullbak/core";
import { repositoryLocation } from "./borg-command.js";
import type { BorgLog } from "./borg-log.js";
import { runBorg } from "./run-borg.js";

/**
 * borg's `--storage-quota BYTES` for the `borg serve` behind the chroot's
 * channel (borg-serve.ts), from `repository.storageQuota` (issue #10,
 * quota: a client must not fill the server's disk): only the server's side
 * can cap what a client's borg sends. Empty without a quota (borg's
 * default: none). borg 1.2 takes the option for `init` and `serve` only;
 * applyStorageQuota covers the server's own `borg create`.
 *
 * borg counts every object the repository holds against it, across all
 * archives and, with `--append-only`, what was deleted but not compacted
 * (borg 1.2 repository.py, `storage_quota_use`); the transaction that
 * passes it is doomed and rolled back (`StorageQuotaExceeded`, exit 2).
 */
export function storageQuotaArguments(job: Job): string[] {
  const quota = job.host.repository.storageQuota;
  return quota === undefined ? [] : [`--storage-quota=${quota}`];
}

/**
 * Before the SERVER's borg writes a backup into a local repository
 * (`borg create` / `import-tar` with isolation none / userdb): borg 1.2's
 * `create` has no `--storage-quota`, a local repository takes the one in
 * its own config (`borg config REPO storage_quota`, repository.py), so that
 * is set to `repository.storageQuota` when it differs. Nothing when no quota
 * is configured (a quota written earlier stays: `borg config REPO
 * storage_quota 0` lifts it), or when the repository is reached through the
 * chroot's channel (`borg serve --storage-quota` then).
 *
 * @throws PullbakError UNSAFE_FILE when the repository's config is a link or not a regular file; ARCHIVER_FAILED when `borg config` fails
 */
export async function applyStorageQuota(job: Job, runner: Runner): Promise<void> {
  const quota = job.host.repository.storageQuota;
  const location = repositoryLocation(runner);
  if (quota === undefined || location.startsWith("ssh://")) return;
  const config = job.commands.dryRun ? undefined : await readRegularFile(join(job.host.repository.path, "config"), `host ${job.host.name}: the repository's config`);
  if (config !== undefined && /^storage_quota\s*=\s*(\d+)\s*$/m.exec(config)?.[1] === String(quota)) return;
  job.log.info(`host ${job.host.name}: repository storage quota set to ${formatBytes(quota)} (repository.storageQuota)`);
  await runBorg(job, runner, "config", ["--", location, "storage_quota", String(quota)]);
}

/** borg 1.2's StorageQuotaExceeded message (repository.py), as borg or a client's borg relaying the server's error prints it. */
const QUOTA_EXCEEDED = /storage quota \([^)]*\) has been exceeded|StorageQuotaExceeded/;

/**
 * The run's one line when borg stopped at the host's storage quota, or
 * undefined when it did not: what the quota is, where it is set, and that
 * nothing of the run was kept (borg rolls the transaction back; earlier
 * archives stay as they were).
 */
export function storageQuotaExceeded(job: Job, command: string, log: BorgLog): PullbakError | undefined {
  const quota = job.host.repository.storageQuota;
  if (quota === undefined || ![...log.errors.map((e) => e.message), ...log.text].some((line) => QUOTA_EXCEEDED.test(line))) return undefined;
  return new PullbakError(
    "ARCHIVER_FAILED",
    `host ${job.host.name}: borg ${command} stopped at the repository's storage quota of ${formatBytes(quota)} (repository.storageQuota, ${quota} bytes): nothing of this run was kept; raise the quota, prune and compact, or exclude what grew`,
  );
}
