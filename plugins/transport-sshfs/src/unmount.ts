import { PullbakError, type Job } from "@pullbak/core";
import { mountsAt } from "./mount-table.js";

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
