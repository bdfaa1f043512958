import { lstat, readFile } from "node:fs/promises";
import { join } from "node:path";
import { processAlive, PullbakError, readRegularFile, type Job, type Runner } from "@pullbak/core";
import { repositoryLocation } from "./borg-command.js";
import { borgHostId } from "./borg-environment.js";
import { borgStateDir } from "./borg-needs.js";
import { runBorg } from "./run-borg.js";

/** One lock holder as borg records it in `lock.roster`: [host id, pid, thread]. */
interface LockHolder {
  hostId: string;
  pid: number;
  where: string;
}

/**
 * borg's exclusive lock is a directory (borg 1.2 `lock.exclusive/`); a link
 * or anything else in its place was not made by borg, and `borg
 * break-lock` would follow or remove through it (issue #10: a client's
 * code planted such links to delete another host's repository).
 */
async function refuseOddExclusiveLock(job: Job, dir: string): Promise<void> {
  const path = join(dir, "lock.exclusive");
  const found = await lstat(path).catch(() => undefined);
  if (found && !found.isDirectory()) {
    const kind = found.isSymbolicLink() ? "a symbolic link" : found.isFIFO() ? "a FIFO" : "not a directory";
    throw new PullbakError("UNSAFE_FILE", `host ${job.host.name}: borg's lock ${path} is ${kind}; pullbak opens only what borg makes there and never follows a link (remove it by hand after looking at who made it)`);
  }
}

/** The holders of the lock in `dir` (a repository, or one repository's cache), none when unlocked. */
async function holders(job: Job, dir: string): Promise<LockHolder[]> {
  await refuseOddExclusiveLock(job, dir);
  // Never through a link, never blocked on a FIFO: a refused roster stops the command with one line (UNSAFE_FILE).
  const text = await readRegularFile(join(dir, "lock.roster"), `host ${job.host.name}: borg's lock roster`, 1024 * 1024);
  let roster: Record<string, unknown>;
  try {
    roster = JSON.parse(text ?? "{}") as Record<string, unknown>;
  } catch {
    return [];
  }
  return Object.values(roster)
    .flatMap((entries) => (Array.isArray(entries) ? entries : []))
    .filter((entry): entry is [string, number, number] => Array.isArray(entry) && typeof entry[0] === "string" && typeof entry[1] === "number")
    .map(([hostId, pid]) => ({ hostId, pid, where: dir }));
}

/** Whether `pid` is a running borg; after a reboot the pid of a dead borg may belong to anything. */
async function borgAlive(pid: number): Promise<boolean> {
  if (!processAlive(pid)) return false;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  return cmdline.split("\0").some((word) => /(^|\/)borg$/.test(word));
}

/**
 * The repository and borg's cache of it (`<cache>/<repository id>`): both
 * hold a lock while borg runs, and `borg break-lock` clears both.
 */
async function lockedPlaces(job: Job): Promise<string[]> {
  const repository = job.host.repository.path;
  const config = (await readRegularFile(join(repository, "config"), `host ${job.host.name}: the repository's config`)) ?? "";
  const id = /^id = ([0-9a-f]+)$/m.exec(config)?.[1];
  return id ? [repository, join(borgStateDir(job), "cache", id)] : [repository];
}

/**
 * A borg killed before it could release its locks (SIGKILL, a crash, the
 * machine going down, or an error while it closed its cache) leaves them in
 * the repository or its cache. borg breaks such a lock itself when the
 * holder has its own host id and the pid is gone, and pullbak's borg always
 * runs with the same id (BORG_HOST_ID): so does this, first, and says so;
 * it also takes a pid that now belongs to something other than borg (after
 * a reboot) for gone, where borg would wait for it. A lock whose borg is
 * alive, or that another machine holds, is left alone: only `borg
 * break-lock` by hand, once its owner is known to be gone, may remove that.
 */
export async function clearStaleLocks(job: Job, runner: Runner): Promise<string[]> {
  const ours = borgHostId();
  const found = (await Promise.all((await lockedPlaces(job)).map((dir) => holders(job, dir)))).flat();
  if (found.length === 0) return [];
  const alive = await Promise.all(found.map((holder) => holder.hostId !== ours || borgAlive(holder.pid)));
  const live = found.filter((_, index) => alive[index]);
  if (live.length > 0) {
    return live.map((holder) =>
      holder.hostId === ours
        ? `borg pid ${holder.pid} still holds the lock of ${holder.where}; it was left alone (a killed run's borg stops by itself)`
        : `${holder.where} is locked by ${holder.hostId} (pid ${holder.pid}), not by this server; it was left alone`,
    );
  }
  // break-lock removes the repository's and the cache's lock alike.
  await runBorg(job, runner, "break-lock", ["--", repositoryLocation(runner)], { warningsTo: "debug" });
  const pids = [...new Set(found.map((holder) => holder.pid))].join(", ");
  const places = [...new Set(found.map((holder) => (holder.where === job.host.repository.path ? holder.where : `its cache ${holder.where}`)))];
  return [`removed borg's stale lock of ${places.join(" and ")} (pid ${pids}, which is gone)`];
}
