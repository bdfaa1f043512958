import type { DependencyContainer } from "tsyringe";
import type { CheckName } from "../config/schema.js";
import type { Job } from "../contracts/job.js";
import { isPullbakError, PullbakError } from "../errors.js";
import { ARCHIVER } from "../plugins/tokens.js";
import { readCheckState, writeCheckState } from "./check-state.js";
import { withoutHost } from "./host-message.js";
import { planChecks, type CheckPlan } from "./due-checks.js";
import { recordedJob } from "./recorded-job.js";
import { serverRunner } from "./server-runner.js";

export interface ChecksOptions {
  only?: CheckName;
  /** Run even what is not due. */
  force?: boolean;
  /** The clock; tests pass their own. */
  now?: Date;
}

/**
 * Runs the host's due checks, one after another, on the server's archiver
 * (issue 12). Each writes a run record (action `check`); each that passes
 * stores its time in `<hostStateDir>/checks.json`. The first that fails
 * stops the rest and throws, naming the check: a failed check is retried by
 * the next run, since only a pass is remembered.
 *
 * @returns every configured check (or `only`) with whether it ran.
 */
export async function runChecks(container: DependencyContainer, job: Job, options: ChecksOptions = {}): Promise<CheckPlan[]> {
  const now = options.now ?? new Date();
  const state = await readCheckState(job.hostStateDir);
  const plans = planChecks(job.host.checks ?? [], state, now, options);
  const archiver = container.resolve(ARCHIVER);
  for (const plan of plans.filter((p) => p.due)) {
    if (!job.commands.dryRun) job.log.info(`check ${plan.name}: running`);
    await recordedJob(container, job, "check", async () => {
      try {
        await archiver.check(job, serverRunner(archiver.needs(job)), { only: plan.name });
      } catch (error) {
        if (!isPullbakError(error) || error.code === "INTERRUPTED") throw error;
        throw new PullbakError(error.code, `host ${job.host.name}: check ${plan.name} failed: ${withoutHost(job, error.message)}`, { cause: error });
      }
    });
    if (job.commands.dryRun) continue;
    // Stored after each pass, so a later failure does not make a passed check run again.
    state[plan.name] = options.now ?? new Date();
    await writeCheckState(job.hostStateDir, state);
  }
  return plans;
}
