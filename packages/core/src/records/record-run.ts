import type { DependencyContainer } from "tsyringe";
import type { Job } from "../contracts/job.js";
import type { RunRecord } from "../contracts/run-record.js";
import { HOOKS } from "../plugins/tokens.js";
import { writeRunRecord } from "./run-records.js";

/**
 * Ends a job: writes its run record in the host's state dir, then hands the
 * record to every hook's `finished`. A failing write or hook becomes one
 * warning line; the job's own result stands (issue #11, #13). `keep`
 * defaults to the host's `keepRuns`.
 */
export async function recordRun(container: DependencyContainer, job: Job, record: RunRecord, keep?: number): Promise<void> {
  if (job.commands.dryRun) return;
  try {
    await writeRunRecord(job.hostStateDir, record, keep ?? job.host.keepRuns);
  } catch (error) {
    job.log.warn(`could not write the run record: ${error instanceof Error ? error.message : String(error)}`);
  }
  const hooks = container.isRegistered(HOOKS, true) ? container.resolve(HOOKS) : [];
  for (const [index, hook] of hooks.entries()) {
    if (!hook.finished) continue;
    try {
      await hook.finished(job, record);
    } catch (error) {
      job.log.warn(`hook ${job.host.hooks[index] ?? index + 1} failed after the run: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
