import type { Archiver } from "../contracts/archiver.js";
import type { Job } from "../contracts/job.js";
import { MountJournal, type JournalEntry } from "./mount-journal.js";
import { probeMount } from "./mount-probe.js";
import { mountPoints } from "./mount-table.js";
import { processAlive } from "./process-alive.js";
import { endProcessTree, sameProcess } from "./process-identity.js";
import { serverRunner } from "./server-runner.js";

/** How long a leftover mount gets to answer before it counts as dead. */
const LEFTOVER_PROBE_MS = 5_000;
/** How long a leftover namespace holder gets after SIGTERM (and after SIGKILL) to be gone. */
const HOLDER_GRACE_MS = 5_000;

/**
 * Ends the process whose private mount namespace held a killed run's mount
 * (it normally died with pullbak, by its parent-death signal): with it
 * and its children gone, the namespace and every mount in it vanish.
 */
async function endLeftoverHolder(entry: JournalEntry): Promise<string | undefined> {
  const { holder } = entry;
  if (!holder || !sameProcess(holder.pid, holder.startTime)) return undefined;
  await endProcessTree(holder.pid, holder.startTime, HOLDER_GRACE_MS);
  return `ended pid ${holder.pid}, which still held the leftover ${entry.kind} mount ${entry.mountPoint} of pid ${entry.pid} (${entry.since}) in its mount namespace`;
}

async function mountCount(path: string): Promise<number> {
  return (await mountPoints()).filter((point) => point === path).length;
}

function isFuse(kind: string): boolean {
  return kind === "sshfs" || kind.startsWith("fuse");
}

/**
 * Takes one leftover mount down; says how. A live mount is unmounted
 * politely, lazily when busy. A FUSE mount whose daemon died or whose
 * client does not answer is cut first (`umount --force` aborts the FUSE
 * connection: an orphaned borg waiting on it gets an error and can exit),
 * then detached lazily.
 */
async function unmountLeftover(job: Job, entry: JournalEntry): Promise<string | undefined> {
  const { mountPoint } = entry;
  const run = (argv: string[]) => job.commands.run({ argv });
  let how = "";
  if (isFuse(entry.kind)) {
    const probe = await probeMount(mountPoint, LEFTOVER_PROBE_MS);
    if (!probe.ok) {
      await run(["umount", "--force", "--no-canonicalize", mountPoint]);
      how = `; it no longer answered (${probe.why}), so it was cut with umount --force`;
    }
  }
  if ((await mountCount(mountPoint)) > 0) {
    const polite = await run(isFuse(entry.kind) ? ["fusermount3", "-u", mountPoint] : ["umount", mountPoint]);
    if (polite.exitCode !== 0) {
      const lazy = await run(["umount", "--lazy", "--no-canonicalize", mountPoint]);
      if (lazy.exitCode !== 0 && (await mountCount(mountPoint)) > 0) {
        job.log.warn(`could not unmount leftover ${mountPoint} of pid ${entry.pid}: ${lazy.stderr.trim() || `exit ${lazy.exitCode}`}`);
        return undefined;
      }
      how += `; it was busy (${polite.stderr.trim() || `exit ${polite.exitCode}`}), so it was detached lazily`;
    }
  }
  const maker = entry.pid === process.pid ? "this pullbak, by a job whose teardown failed" : `pid ${entry.pid}, which is gone`;
  return `unmounted leftover ${entry.kind} mount ${mountPoint} (made by ${maker}, ${entry.since})${how}`;
}

/**
 * Cleans up after a run of this host that was killed (SIGKILL, a crash):
 * unmounts what its journal lists, newest first, and asks the archiver to
 * clear what it left in the repository (a stale lock). Mounts of a live
 * pullbak are left alone. Logs and returns one line per thing done, so
 * both `pullbak cleanup` and the host's next run say what they did.
 *
 * A mount in a run's own namespace (sshfs) goes with the process holding
 * that namespace, which the journal names. Nothing else needs cleaning:
 * the chroot's mounts and network namespace live in per-command
 * namespaces that vanish with the command (see docs/reliability.md).
 */
export async function cleanupLeftovers(job: Job, archiver?: Archiver): Promise<string[]> {
  const journal = MountJournal.forHost(job.host.stateDir, job.host.name);
  const done: string[] = [];
  for (const entry of (await journal.entries()).reverse()) {
    if (entry.pid !== process.pid && processAlive(entry.pid)) continue;
    const ended = await endLeftoverHolder(entry);
    if (ended) done.push(ended);
    if ((await mountCount(entry.mountPoint)) > 0) {
      const line = await unmountLeftover(job, entry);
      if (!line) continue; // still mounted: keep its journal entry for the next try
      done.push(line);
    }
    await journal.remove(entry.mountPoint);
  }
  if (archiver?.cleanup) done.push(...(await archiver.cleanup(job, serverRunner(archiver.needs(job)))));
  for (const line of done) job.log.info(line);
  return done;
}
