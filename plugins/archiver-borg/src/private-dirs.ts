import { chmodSync, mkdirSync } from "node:fs";
import type { Job } from "@pullbak/core";

const prepared = new WeakSet<Job>();

/**
 * Creates server dirs readable by root only: borg's cache lists every path of
 * the client, its config holds keyfile keys. An existing dir with a looser
 * mode is tightened. Done once per job; under --dry-run only noted.
 */
export function ensurePrivateDirs(job: Job, dirs: readonly string[]): void {
  if (prepared.has(job)) return;
  prepared.add(job);
  for (const dir of dirs) {
    job.commands.note(`mkdir -p -m 0700 ${dir}`);
    if (job.commands.dryRun) continue;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  }
}
