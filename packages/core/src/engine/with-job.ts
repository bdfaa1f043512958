import type { Job } from "../contracts/job.js";
import { PullbakError } from "../errors.js";

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs `work`, then unwinds the job's undo stack whatever happened. A failed
 * undo step never hides the job's own error; both reach the user.
 */
export async function withJob<T>(job: Job, work: () => Promise<T>): Promise<T> {
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await work() };
  } catch (error) {
    outcome = { ok: false, error: job.signal.aborted && !(error instanceof PullbakError) ? job.signal.reason : error };
  }
  const failures = await job.undo.unwind();
  for (const failure of failures) job.log.warn(`teardown step "${failure.label}" failed: ${describe(failure.error)}`);
  const teardown = `${failures.length} teardown step${failures.length === 1 ? "" : "s"} failed: ${failures.map((f) => f.label).join(", ")} (run \`pullbak cleanup\`)`;
  if (!outcome.ok) {
    // The job's own error comes first and keeps its code; the one line still says the teardown failed too.
    const { error } = outcome;
    if (failures.length > 0 && error instanceof PullbakError) throw new PullbakError(error.code, `${error.message}; and ${teardown}`, { cause: error });
    throw error;
  }
  if (failures.length > 0) throw new PullbakError("TEARDOWN_FAILED", `host ${job.host.name}: the work was done, but ${teardown}`);
  return outcome.value;
}
