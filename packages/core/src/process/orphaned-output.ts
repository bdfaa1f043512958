import type { ChildProcess } from "node:child_process";

/** How long a command's output may stay open after the command itself exited (milliseconds). */
export const ORPHANED_OUTPUT_GRACE_MS = 10_000;

/**
 * Stops a finished command's descendants from holding pullbak up.
 *
 * Waiting for a command means waiting for its stdout and stderr to close,
 * and a process it left behind (a forked shell blocked on a FIFO, anything
 * that inherited the pipes) keeps them open after the command exited:
 * pullbak, and every later host of a fleet run, then waited for ever. Once
 * `graceMs` have passed since the command's own exit, what is left of its
 * process group (each command gets a group of its own, `detached`) gets
 * SIGKILL and its pipes are closed on pullbak's side, so the wait ends.
 *
 * @returns a function that cancels the watch (call it once the command's result is in).
 */
export function endOrphanedOutput(child: ChildProcess, graceMs = ORPHANED_OUTPUT_GRACE_MS): () => void {
  let timer: NodeJS.Timeout | undefined;
  const onExit = () => {
    timer = setTimeout(() => {
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // The group is gone already: only the pipes are left to close.
        }
      }
      for (const stream of [child.stdout, child.stderr, ...child.stdio.slice(3)]) {
        if (stream && "destroy" in stream) stream.destroy();
      }
    }, graceMs);
    timer.unref();
  };
  child.once("exit", onExit);
  return () => {
    child.off("exit", onExit);
    if (timer) clearTimeout(timer);
  };
}
