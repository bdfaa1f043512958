import { setTimeout as sleep } from "node:timers/promises";
import { type CommandResult, endProcessTree, PullbakError, type Job, type MountHolder, type Probe, probeMount, processStartTime } from "@pullbak/core";
import { mountsAt } from "./mount-table.js";

/** How often the holder's mount table is read while the mount comes up (milliseconds). */
const POLL_MS = 25;
/** How long sshfs (and its ssh) get after SIGTERM, then after SIGKILL, to be gone at teardown (milliseconds). */
const STOP_GRACE_MS = 5_000;
/**
 * How long after the run is stopped (timeout, interrupt) the daemon may
 * still run before it is ended even though the run's commands have not
 * finished (milliseconds). A FUSE request the daemon has taken and never
 * answers (a client's sftp-server that never ends a READDIR, or never
 * replies to one read, while its sshd still answers keepalives) holds the
 * process that made it in an uninterruptible wait: SIGKILL does not end
 * it, so borg never exits and the undo step that ends the daemon never
 * comes. Ending the daemon aborts the connection and fails every request.
 */
const ABORT_GRACE_MS = 20_000;

/** Whether `mountPoint` shows in the mount table of pid's namespace. */
export type MountShows = (pid: number, mountPoint: string) => Promise<boolean>;

/** How a mount is seen to be up: it shows in the namespace's table, then it answers a statfs from the client. */
export interface MountChecks {
  shows: MountShows;
  answers: Probe;
}

export const namespaceMountChecks: MountChecks = {
  shows: async (pid, mountPoint) => (await mountsAt(mountPoint, `/proc/${pid}/mountinfo`).catch(() => 0)) > 0,
  answers: probeMount,
};

/** The outcome of starting a mount in a namespace of its own. */
export type HolderStart = { ok: true; holder: MountHolder } | { ok: false; result: CommandResult };

/**
 * Starts `argv` (a FUSE daemon in the foreground that mounts `mountPoint`)
 * inside a new private mount namespace (`unshare --mount --propagation
 * private`, which execs it: same pid) and waits until the mount shows in
 * that namespace's table and answers (sshfs in the foreground mounts
 * before its first connection is up), or the daemon exits (then its result
 * says why). `answerMs`: how long the first answer may take (milliseconds).
 *
 * Why (issue #10): a mount made in the server's namespace is copied into
 * every namespace anything on the server creates meanwhile, and such a copy
 * keeps the client's sshfs connected after pullbak unmounted its own. In a
 * private namespace of the daemon's own, no other namespace ever holds it,
 * and it vanishes with the daemon. The daemon is journaled (pid and start
 * time) and ended by an undo step; its parent-death signal (SIGTERM) ends
 * it should pullbak be killed, and `pullbak cleanup` ends it if even that
 * failed. Once the run is stopped (job.signal), it is ended ABORT_GRACE_MS
 * later even if the undo step has not come yet: a request it never answers
 * would otherwise hold the run for ever.
 *
 * Once up, a daemon that exits before the run stops it (killed by its
 * memory cap, or anything else) aborts the job with TRANSPORT_ENDED, a
 * message naming the host, `kind` and `whyEnded(result)`: the job's
 * commands are stopped and the undo stack unwinds as for an interrupt,
 * instead of the job running on against a dead mount that the watchdog
 * would take for a lost client.
 */
export async function startNamespaceHolder(
  job: Job,
  argv: readonly string[],
  mountPoint: string,
  kind: string,
  answerMs: number,
  checks: MountChecks = namespaceMountChecks,
  whyEnded: (result: CommandResult) => string = (result) => `exit ${result.exitCode}`,
): Promise<HolderStart> {
  if (!job.commands.start) throw new Error(`host ${job.host.name}: this command runner cannot start a process in the background`);
  const started = job.commands.start({ argv: ["unshare", "--mount", "--propagation", "private", "--", ...argv], killSignal: "SIGTERM" });
  const holder: MountHolder = { pid: started.pid, startTime: processStartTime(started.pid) ?? "" };
  // Set once pullbak itself ends the daemon: its exit is then no news.
  let stopping = false;
  const stopLate = () => {
    const timer = setTimeout(() => {
      if (started.done || !holder.startTime) return;
      stopping = true;
      job.log.warn(`host ${job.host.name}: ${kind} of ${mountPoint} is ended ${ABORT_GRACE_MS / 1000} s after the run was stopped, as a command still waits on it (a request the client never answers)`);
      void endProcessTree(holder.pid, holder.startTime, STOP_GRACE_MS);
    }, ABORT_GRACE_MS);
    timer.unref();
    return timer;
  };
  let late: NodeJS.Timeout | undefined;
  const onAbort = () => (late = stopLate());
  if (job.signal.aborted) onAbort();
  else job.signal.addEventListener("abort", onAbort, { once: true });
  job.undo.push(`stop ${kind} of ${mountPoint} (pid ${holder.pid})`, async () => {
    stopping = true;
    job.signal.removeEventListener("abort", onAbort);
    clearTimeout(late);
    if (holder.startTime) await endProcessTree(holder.pid, holder.startTime, STOP_GRACE_MS);
    else started.kill("SIGKILL");
    await started.exited;
    await job.forgetMount(mountPoint);
  });
  await job.journalMount(mountPoint, kind, holder);
  for (;;) {
    if (started.done) return { ok: false, result: await started.exited };
    if (await checks.shows(holder.pid, mountPoint)) break;
    if (job.signal.aborted) throw job.signal.reason;
    await Promise.race([sleep(POLL_MS), started.exited]);
  }
  const answer = await Promise.race([checks.answers(`/proc/${holder.pid}/root${mountPoint}`, answerMs), started.exited.then(() => undefined)]);
  if (answer?.ok && !started.done) {
    void started.exited.then((result) => {
      if (stopping || job.signal.aborted) return;
      job.abort?.(new PullbakError("TRANSPORT_ENDED", `host ${job.host.name}: the transport (${kind}) ended during the run: ${whyEnded(result)}; its mount ${mountPoint} is gone`));
    });
    return { ok: true, holder };
  }
  // A daemon still up with a mount that does not answer is ended; its stderr says why.
  started.kill("SIGTERM");
  return { ok: false, result: await started.exited };
}
