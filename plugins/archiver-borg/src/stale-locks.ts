import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { processAlive, type Job, type Runner } from "@pullbak/core";
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

/** The holders of the lock in `dir` (a repository, or one repository's cache), none when unlocked. */
async function holders(dir: string): Promise<LockHolder[]> {
  let roster: Record<string, unknown>;
  try {
    roster = JSON.parse(await readFile(join(dir, "lock.roster"), "utf8")) as Record<string, unknown>;
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
  const config = await readFile(join(repository, "config"), "utf8").catch(() => "");
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
  const found = (await Promise.all((await lockedPlaces(job)).map(holders))).flat();
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
