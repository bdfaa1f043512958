import type { ArchiveEntry, Archiver } from "../contracts/archiver.js";
import type { Job } from "../contracts/job.js";
import type { Runner } from "../contracts/isolation.js";
import { PullbakError } from "../errors.js";
import { escapeControl, pathList } from "../text/escape-control.js";

/**
 * borg's latest storable mtime (borg/helpers/time.py MAX_S, 2**31 - 1 - 48 h):
 * borg clamps every later time to it. Over SFTP (32-bit unsigned seconds) a
 * client mtime before 1970 arrives as a time after 2038 and is archived as
 * exactly this (issue 15: 1969-01-01 came back as 2038-01-17, in silence).
 */
const BORG_MAX_MTIME = "2038-01-17T03:14:07";
const EPOCH = "1970-01-01T00:00:00";

/** What a restore method can make on the client (issue 15). */
export interface RestoreAbilities {
  /** FIFOs: tar can (mkfifo); SFTP, and so extract over sshfs, cannot. */
  fifos: boolean;
  /** An mtime of 0: sshfs takes a time of 0 for "now" (extract, chroot-extract). */
  zeroMtime: boolean;
}

/** What the selected part of an archive holds that a restore must treat apart, as client paths. */
export interface RestoreSelection {
  /** Entries at or under the asked paths (the whole archive when none). */
  count: number;
  /** Entries the method cannot create: left out of the restore, so the client's own are never deleted. */
  leftOut: string[];
  /** Human lines, one per kind, each naming its paths. */
  notes: string[];
}

const clientPath = (entry: ArchiveEntry) => `/${entry.path.replace(/^\/+/, "")}`;

function named(paths: readonly string[]): string {
  const shown = pathList(paths.slice(0, 20));
  return paths.length > 20 ? `${shown} and ${paths.length - 20} more` : shown;
}

/**
 * Reads the archive entries a restore selects (`request.entries`, or one
 * `listFiles`) and decides,
 * before anything is written, what the method leaves out and what it must
 * say (issue 15, "every special file is archived as what it is or reported";
 * "a restore never creates a node with numbers it does not know, and never
 * deletes what it cannot put back"):
 * - block and character devices are always left out: pullbak reads clients
 *   over SFTP, which carries no device numbers, so an archived device reads
 *   `0,0`;
 * - FIFOs are left out when the method cannot make them: borg extract first
 *   deletes what is at the path, then fails to mknod over SFTP;
 * - an mtime borg clamped (2038-01-17T03:14:07, a client time before 1970
 *   read over SFTP) and, where the method cannot set it, an mtime of 0 are
 *   restored but named.
 * Each path is also logged as its own warning line. Undefined when the
 * archiver cannot list files or on a dry run.
 *
 * @throws PullbakError NOTHING_TO_RESTORE (exit 2) when the selection holds
 *   nothing, or nothing but what is left out.
 */
export async function restoreSelection(job: Job, archiver: Archiver, runner: Runner, request: { archive: string; paths: readonly string[]; entries?: readonly ArchiveEntry[] }, can: RestoreAbilities): Promise<RestoreSelection | undefined> {
  if (job.commands.dryRun) return undefined;
  // The engine's own listing when it made one (RestoreRequest.entries), else one here.
  const entries = request.entries ?? (archiver.listFiles ? await archiver.listFiles(job, runner, { archive: request.archive, paths: request.paths }) : undefined);
  if (!entries) return undefined;
  const host = job.host.name;
  const what = request.paths.length > 0 ? pathList(request.paths) : "the whole archive";
  if (entries.length === 0) throw new PullbakError("NOTHING_TO_RESTORE", `host ${host}: archive ${request.archive} holds nothing at ${what}: nothing was restored`);
  const devices = entries.filter((entry) => entry.mode.startsWith("b") || entry.mode.startsWith("c")).map(clientPath);
  const fifos = can.fifos ? [] : entries.filter((entry) => entry.mode.startsWith("p")).map(clientPath);
  const clamped = entries.filter((entry) => entry.mtime.startsWith(BORG_MAX_MTIME)).map(clientPath);
  const zero = can.zeroMtime ? [] : entries.filter((entry) => entry.mtime.startsWith(EPOCH)).map(clientPath);
  const leftOut = [...devices, ...fifos];
  if (leftOut.length === entries.length) {
    throw new PullbakError("NOTHING_TO_RESTORE", `host ${host}: ${what} in archive ${request.archive} holds only what this method cannot create (${named(leftOut)}): nothing was restored`);
  }
  const notes: string[] = [];
  const say = (paths: string[], what: (count: string) => string, after = "") => {
    if (paths.length === 0) return;
    for (const path of paths) job.log.warn(`host ${host}: ${what("1")}: ${escapeControl(path)}${after}`);
    notes.push(`${what(String(paths.length))}: ${named(paths)}${after}`);
  };
  const plural = (count: string, one: string, many: string) => (count === "1" ? one : many);
  say(devices, (n) => `${n} ${plural(n, "device node", "device nodes")} whose numbers the archive does not hold (SFTP carries none), left out rather than created as 0,0`, "; recreate them with mknod");
  say(fifos, (n) => `${n} ${plural(n, "FIFO", "FIFOs")} left out, which this method cannot create over SFTP (the client's own stay; tar-restore creates FIFOs)`);
  say(clamped, (n) => `${n} ${plural(n, "file", "files")} restored with mtime 2038-01-17T03:14:07, borg's upper bound: on the client the mtime was before 1970 (SFTP carries 32-bit unsigned times) or after 2038`);
  say(zero, (n) => `${n} ${plural(n, "file", "files")} restored with the time of the restore as mtime: the archive says 1970-01-01T00:00:00, which sshfs cannot set (it takes 0 for now)`);
  return { count: entries.length, leftOut, notes };
}

/**
 * Runs the restore, then turns the selection's notes into the run's result:
 * ARCHIVER_WARNING (exit 1) naming each kind, merged with a warning the
 * restore itself raised.
 */
export async function restoreWithNotes(job: Job, selection: RestoreSelection | undefined, restoreIt: () => Promise<void>): Promise<void> {
  const notes = selection?.notes ?? [];
  try {
    await restoreIt();
  } catch (error) {
    if (error instanceof PullbakError && error.code === "ARCHIVER_WARNING" && notes.length > 0) {
      throw new PullbakError("ARCHIVER_WARNING", `${error.message}; also ${notes.join("; ")}`, { cause: error });
    }
    throw error;
  }
  if (notes.length > 0) throw new PullbakError("ARCHIVER_WARNING", `host ${job.host.name}: restored; ${notes.join("; ")}`);
}
