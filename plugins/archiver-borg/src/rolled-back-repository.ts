import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { PullbakError, type Job, type Runner } from "@pullbak/core";
import type { BorgLog } from "./borg-log.js";
import { NEED } from "./borg-needs.js";

/**
 * borg's refusals of a repository older than what this server last saw of
 * it (borg 1.2 cache.py, `assert_no_manifest_replay`): the manifest is older
 * than the timestamp kept in the security dir or the cache. That is what a
 * repository restored from a copy or rolled back looks like, and also what
 * a replay attack looks like; borg cannot tell them apart, nor can pullbak.
 */
const ROLLED_BACK_MSGIDS: ReadonlySet<string> = new Set(["Cache.RepositoryReplay", "Cache.RepositoryIDNotUnique"]);

/** The error to show for a rolled-back repository, or undefined when borg failed for another reason. */
export function rolledBackRepository(job: Job, command: string, log: BorgLog): PullbakError | undefined {
  if (!log.errors.some((error) => error.msgid !== undefined && ROLLED_BACK_MSGIDS.has(error.msgid))) return undefined;
  return new PullbakError(
    "REPOSITORY_ROLLED_BACK",
    `host ${job.host.name}: borg ${command} refused the repository at ${job.host.repository.path}: it is older than what this server last saw of it ` +
      `(restored from a copy or rolled back, or replaced by someone else: archives made since are not in it). ` +
      `If you put this copy there yourself, accept it with: pullbak cleanup ${job.host.name} --accept-rollback`,
  );
}

/**
 * Makes this server accept the repository as it is now: forgets the newest
 * manifest timestamp it saw (the security dir's `manifest-timestamp` for the
 * repository's id) and drops borg's cache for it, which the next command
 * rebuilds from the repository (borg's own advice for "Cache is newer than
 * repository"; the rebuild reads every archive's metadata once). Both live
 * on the server under pullbak's state dir; the repository is not touched.
 * Returns one line per thing done, for the user.
 *
 * @throws PullbakError ARCHIVER_FAILED when the repository's config has no id.
 */
export async function acceptRollback(job: Job, runner: Runner): Promise<string[]> {
  const repository = runner.pathOf(NEED.repository);
  const config = await readFile(join(repository, "config"), "utf8").catch(() => "");
  const id = /^id = ([0-9a-f]{64})$/m.exec(config)?.[1];
  if (!id) throw new PullbakError("ARCHIVER_FAILED", `host ${job.host.name}: ${repository}/config names no repository id; is it a borg repository?`);
  const timestamp = join(runner.pathOf(NEED.security), id, "manifest-timestamp");
  const cache = join(runner.pathOf(NEED.cache), id);
  // Isolation chroot gives the client's borg dirs of its own under <hostStateDir>/client-code/<need>
  // (issue #10); it remembers the repository too, so it must forget the same things.
  const clientCode = join(job.hostStateDir, "client-code");
  const clientTimestamp = join(clientCode, NEED.security, id, "manifest-timestamp");
  const clientCache = join(clientCode, NEED.cache, id);
  job.commands.note(`rm -f ${timestamp} ${clientTimestamp}; rm -rf ${cache} ${clientCache}`);
  if (!job.commands.dryRun) {
    for (const file of [timestamp, clientTimestamp]) await rm(file, { force: true });
    for (const dir of [cache, clientCache]) await rm(dir, { recursive: true, force: true });
  }
  return [`host ${job.host.name}: accepted the repository at ${repository} as it is now (forgot ${timestamp}, dropped the cache ${cache}; the next run rebuilds it)`];
}
