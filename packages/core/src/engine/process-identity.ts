import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { processAlive } from "./process-alive.js";

/**
 * A process's start time, in clock ticks since boot (field 22 of
 * /proc/PID/stat, proc(5)); undefined when it is gone. A pid and its start
 * time name one process for good: a pid reused after a reboot or a wrap
 * has another start time, so a journaled pid is never mistaken for a
 * stranger's and signalled.
 */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces or ')': split after the last ')'.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/** Whether pid is still the process that started at `startTime`. */
export function sameProcess(pid: number, startTime: string): boolean {
  return processAlive(pid) && processStartTime(pid) === startTime;
}

/** The pids of a process's children (/proc/PID/task/TID/children, Linux >= 3.5); [] when it is gone. */
export function childPids(pid: number): number[] {
  try {
    const tasks = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8");
    return tasks.split(" ").filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * Ends a process and the children it had: SIGTERM to it, SIGKILL to what is
 * still there after `graceMs` (milliseconds). Each pid is checked against
 * its start time before every signal, so a pid reused meanwhile is left alone.
 * Resolves once all of them are gone, or after a second grace period.
 */
export async function endProcessTree(pid: number, startTime: string, graceMs: number): Promise<void> {
  if (!sameProcess(pid, startTime)) return;
  const family = [pid, ...childPids(pid)].flatMap((p) => {
    const start = processStartTime(p);
    return start === undefined ? [] : [{ pid: p, start }];
  });
  const signal = (name: NodeJS.Signals) => {
    for (const member of family) if (sameProcess(member.pid, member.start)) process.kill(member.pid, name);
  };
  const gone = async (ms: number) => {
    // Every 10 ms: a FUSE daemon ends within a few ms of SIGTERM, and each run waits for its own.
    for (let waited = 0; waited < ms; waited += 10) {
      if (!family.some((member) => sameProcess(member.pid, member.start))) return true;
      await sleep(10);
    }
    return false;
  };
  signal("SIGTERM");
  if (await gone(graceMs)) return;
  signal("SIGKILL");
  await gone(graceMs);
}
