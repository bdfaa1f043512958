import type { ResolvedHost } from "../config/resolve-host.js";
import { PullbakError } from "../errors.js";

/**
 * Aborts `controller` with TIMEOUT once the host's `timeout` (seconds; 0:
 * never) has passed, exactly as Ctrl-C would stop the run: running
 * commands get their kill signal (borg SIGINT, and a checkpoint), the undo
 * stack unwinds, the lock is released, and the run ends with exit 2 and the
 * code in its record. Why (issue #10): a client can keep a run going for
 * ever, and no later host of a fleet run would ever be reached.
 *
 * @returns a function that cancels the timer (call it when the run ends).
 */
export function abortOnTimeout(controller: AbortController, host: Pick<ResolvedHost, "name" | "timeout">): () => void {
  if (host.timeout <= 0) return () => {};
  const timer = setTimeout(() => {
    if (!controller.signal.aborted) {
      controller.abort(new PullbakError("TIMEOUT", `host ${host.name}: the run took longer than its timeout (${host.timeout} s) and was stopped`));
    }
  }, host.timeout * 1000);
  // A pending timer must not keep pullbak alive once its work is done.
  timer.unref();
  return () => clearTimeout(timer);
}
