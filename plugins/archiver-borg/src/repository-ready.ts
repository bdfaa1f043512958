import { stat } from "node:fs/promises";
import { join } from "node:path";
import { type Job, PullbakError } from "@pullbak/core";

/**
 * A borg repository is a directory with a `config` file. Checked on the
 * server before the client is mounted, so a host that was never initialised
 * fails at once with what to do, instead of borg complaining about a path
 * inside the chroot.
 */
export async function repositoryReady(job: Job): Promise<void> {
  const path = job.host.repository.path;
  const config = await stat(join(path, "config")).catch(() => undefined);
  if (!config?.isFile()) {
    throw new PullbakError("ARCHIVER_FAILED", `host ${job.host.name}: no borg repository at ${path}; create it with: pullbak init ${job.host.name}`);
  }
}
