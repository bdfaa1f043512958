import { mkdir, stat } from "node:fs/promises";
import { posix } from "node:path";
import { type Job, type Need, PullbakError } from "@pullbak/core";

const needName = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/**
 * Needs become bind targets `/<random>/<name>` inside the jail: a name must
 * be one plain path component and a source an absolute server path.
 *
 * @throws Error on a name that is not a plain file name or a relative source (a plugin bug)
 */
export function checkNeeds(needs: readonly Need[]): void {
  for (const need of needs) {
    if (!needName.test(need.name)) throw new Error(`archiver need name ${JSON.stringify(need.name)} is not a plain file name`);
    if (!posix.isAbsolute(need.source)) throw new Error(`archiver need ${need.name}: source ${need.source} is not absolute`);
  }
}

/**
 * A bind mount needs its source to exist; borg would create its cache and
 * config dirs itself, so a missing writable source is made (mode 0700).
 *
 * @throws PullbakError COMMAND_FAILED when a read-only source is missing
 */
export async function makeWritableSources(job: Job, needs: readonly Need[]): Promise<void> {
  for (const need of needs) {
    const exists = await stat(need.source).then(
      () => true,
      () => false,
    );
    if (exists) continue;
    if (!need.writable) throw new PullbakError("COMMAND_FAILED", `host ${job.host.name}: ${need.source} (the archiver's ${need.name}) does not exist`);
    job.commands.note(`mkdir -p ${need.source}`);
    if (!job.commands.dryRun) await mkdir(need.source, { recursive: true, mode: 0o700 });
  }
}
