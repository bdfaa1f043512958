import type { DependencyContainer } from "tsyringe";
import type { CreateResult } from "../contracts/archiver.js";
import type { Job } from "../contracts/job.js";
import { isPullbakError, PullbakError } from "../errors.js";
import { withoutHost } from "./host-message.js";
import { compact, prune } from "./prune.js";
import { runChecks } from "./run-checks.js";

/**
 * Repository upkeep after a backup that created its archive (issue 12):
 * prune by the host's retention then compact (only when it has retention),
 * then every check that is due. All on the server's own archiver, after
 * the client's view is gone. Never called after a failed backup. Under
 * `run --dry-run` the plan shows these steps' commands too.
 *
 * @throws PullbakError naming the archive that was created and the step
 *   that failed (its own code: a failed check is ARCHIVER_FAILED, exit 2).
 */
export async function upkeepAfterBackup(container: DependencyContainer, job: Job, result: CreateResult, now?: Date): Promise<void> {
  // Under --dry-run the steps still run: their borg commands are printed, not run, and nothing is recorded.
  const step = async (name: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      if (!isPullbakError(error)) throw error;
      const what = withoutHost(job, error.message);
      // A failed check already says "check NAME failed: ..."; prune and compact say what borg said.
      throw new PullbakError(error.code, `host ${job.host.name}: archive ${result.archive} was created, then ${name === "checks" ? what : `${name} failed: ${what}`}`, { cause: error });
    }
  };
  if (job.host.retention) {
    await step("prune", () => prune(container, job, { dryRun: false }));
    await step("compact", () => compact(container, job));
  }
  if ((job.host.checks ?? []).length > 0) await step("checks", () => runChecks(container, job, now ? { now } : {}));
}
