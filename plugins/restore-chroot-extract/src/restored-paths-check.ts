import { PullbakError, type Job } from "@pullbak/core";
import { existsOnClient } from "./exists-on-client.js";

/**
 * After an extract that succeeded, every asked path is in the archive and so
 * must now be on the client. One that is not means the isolation kept the
 * writes away from the client (e.g. an overlay that ignores
 * `writes: "client"`): a restore that would otherwise report success while
 * restoring nothing. Checked through the transport's mount, which shows the
 * client as it is, not the isolation's view, resolving the client's
 * symlinks among the client's files (see existsOnClient).
 */
export async function assertRestoredOnClient(job: Job, clientRoot: string, paths: readonly string[]): Promise<void> {
  if (job.commands.dryRun) return;
  for (const path of paths) {
    if (!(await existsOnClient(clientRoot, path))) {
      throw new PullbakError(
        "COMMAND_FAILED",
        `host ${job.host.name}: the extract finished but ${path} is not on the client: isolation ${job.host.plugins.isolation} did not let the writes through to the client`,
      );
    }
  }
}
