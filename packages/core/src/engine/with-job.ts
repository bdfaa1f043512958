import type { Job } from "../contracts/job.js";
import { PullbakError } from "../errors.js";

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
  for (const failure of failures) job.log.warn(`teardown step "${failure.label}" failed: ${(failure.error as Error).message ?? String(failure.error)}`);
  if (!outcome.ok) throw outcome.error;
  if (failures.length > 0) {
    throw new PullbakError("TEARDOWN_FAILED", `host ${job.host.name}: ${failures.length} teardown step(s) failed: ${failures.map((f) => f.label).join(", ")}`);
  }
  return outcome.value;
}
