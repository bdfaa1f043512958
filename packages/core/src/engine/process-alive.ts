import { readFileSync } from "node:fs";

/** A zombie has exited and holds nothing (no mount namespace, no lock): only its parent has yet to reap it. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] === "Z";
  } catch {
    return false;
  }
}

/**
 * Whether a process exists and has not exited; EPERM means it does, owned by
 * someone else. Used to tell live holders from leftovers of a killed run: a
 * killed run's child reparented to an init that reaps late stays a zombie for
 * a while, and it holds nothing.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  return !isZombie(pid);
}
