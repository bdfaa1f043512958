import { join } from "node:path";
import { formatBytes, type Job, PullbakError, readRegularFile, type Runner } from "@pullbak/core";
import { repositoryLocation } from "./borg-command.js";
import type { BorgLog } from "./borg-log.js";
import { runBorg } from "./run-borg.js";

/** The `storage_quota` line of a repository's config, as borg writes it (bytes). */
const CONFIG_QUOTA = /^storage_quota\s*=\s*(\d+)\s*$/m;

/**
 * The quota in the local repository's own config, as written there (bytes),
 * or undefined when it has none; read without following a link.
 *
 * @throws PullbakError UNSAFE_FILE when the repository's config is a link or not a regular file
 */
async function quotaInConfig(job: Job): Promise<string | undefined> {
  const config = await readRegularFile(join(job.host.repository.path, "config"), `host ${job.host.name}: the repository's config`);
  return config === undefined ? undefined : CONFIG_QUOTA.exec(config)?.[1];
}

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
 * is configured (a quota written earlier stays: `borg config --delete REPO
 * storage_quota` lifts it; borg refuses `storage_quota 0`), or when the repository is reached through the
 * chroot's channel (`borg serve --storage-quota` then).
 *
 * @throws PullbakError UNSAFE_FILE when the repository's config is a link or not a regular file; ARCHIVER_FAILED when `borg config` fails
 */
export async function applyStorageQuota(job: Job, runner: Runner): Promise<void> {
  const quota = job.host.repository.storageQuota;
  const location = repositoryLocation(runner);
  if (quota === undefined || location.startsWith("ssh://")) return;
  if (!job.commands.dryRun && (await quotaInConfig(job)) === String(quota)) return;
  job.log.info(`host ${job.host.name}: repository storage quota set to ${formatBytes(quota)} (repository.storageQuota)`);
  await runBorg(job, runner, "config", ["--", location, "storage_quota", String(quota)]);
}

/**
 * Runs WORK, the server's own upkeep of a local repository (`borg prune`,
 * `borg compact`), with the quota in the repository's config lifted, and
 * puts that quota back afterwards, whatever WORK did. borg 1.2 counts every
 * writer against a local repository's `storage_quota`, and deleting an
 * archive puts a new manifest: once the repository holds more than its
 * quota (an admin set it below what is there; test/storage-quota-upkeep.test.ts),
 * stock borg refuses prune and compact too, the only way back under it.
 * The quota caps what a client's backup adds, never the server's retention.
 * Lifted with `borg config --delete` (borg refuses `storage_quota 0`);
 * a run stopped in between finds it lifted, and applyStorageQuota writes it
 * again before the next backup. Nothing to do through the chroot's channel
 * (`ssh://`), in a dry run, or without a quota in the config.
 *
 * @throws PullbakError UNSAFE_FILE when the repository's config is a link or not a regular file; ARCHIVER_FAILED when `borg config` fails; whatever WORK throws
 */
export async function withoutStorageQuota<T>(job: Job, runner: Runner, work: () => Promise<T>): Promise<T> {
  const location = repositoryLocation(runner);
  if (job.commands.dryRun || location.startsWith("ssh://")) return work();
  const held = await quotaInConfig(job);
  if (held === undefined || Number(held) === 0) return work();
  await runBorg(job, runner, "config", ["--delete", "--", location, "storage_quota"]);
  try {
    return await work();
  } finally {
    await runBorg(job, runner, "config", ["--", location, "storage_quota", held]);
  }
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
