import { PullbakError, type Job } from "@pullbak/core";
import { mountsAt } from "./mount-table.js";

/**
 * Unmounts a FUSE mount: politely first, lazily (detach now, free when the
 * last user lets go) when it is busy or its sshfs died and left it dead.
 */
export async function unmountFuse(job: Job, mountPoint: string): Promise<void> {
  if (!job.commands.dryRun && (await mountsAt(mountPoint)) === 0) return;
  const polite = await job.commands.run({ argv: ["fusermount3", "-u", mountPoint] });
  if (polite.exitCode === 0) return;
  job.log.warn(`host ${job.host.name}: ${mountPoint} did not unmount (${polite.stderr.trim() || `exit ${polite.exitCode}`}); detaching it lazily`);
  const lazy = await job.commands.run({ argv: ["fusermount3", "-u", "-z", mountPoint] });
  if (lazy.exitCode !== 0 && (await mountsAt(mountPoint)) > 0) {
    throw new PullbakError("TEARDOWN_FAILED", `host ${job.host.name}: could not unmount ${mountPoint}: ${lazy.stderr.trim() || `exit ${lazy.exitCode}`}`);
  }
}

/**
 * A mount left on the host's mount point by a run that was killed (SIGKILL,
 * power loss): detach it, whatever it is, before mounting afresh, so the new
 * mount is not stacked on a dead one.
 */
export async function detachLeftover(job: Job, mountPoint: string): Promise<void> {
  const count = await mountsAt(mountPoint);
  if (count === 0) return;
  job.log.warn(`host ${job.host.name}: ${mountPoint} is still mounted (${count}x), left over from an earlier run that did not finish; detaching it lazily`);
  for (let i = 0; i < count; i++) {
    const result = await job.commands.run({ argv: ["umount", "--lazy", mountPoint] });
    if (result.exitCode !== 0) {
      throw new PullbakError("COMMAND_FAILED", `host ${job.host.name}: cannot detach the leftover mount on ${mountPoint}: ${result.stderr.trim()}`);
    }
  }
  await job.forgetMount(mountPoint);
}
