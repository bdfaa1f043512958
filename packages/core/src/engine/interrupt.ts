import { PullbakError } from "../errors.js";

/**
 * Turns SIGINT/SIGTERM into an aborted signal so running commands stop and
 * the undo stack unwinds. A second signal is not needed and is ignored: the
 * teardown must finish, or mounts stay behind.
 */
export function abortOnSignals(controller: AbortController, signals: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM"]): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted) controller.abort(new PullbakError("INTERRUPTED", `interrupted by ${signal}`));
  };
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}
