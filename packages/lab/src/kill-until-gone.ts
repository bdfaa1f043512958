import { setTimeout as sleep } from "node:timers/promises";

/**
 * SIGKILLs whatever `list` returns until it returns nothing (about a second
 * at most), and returns the PIDs it killed. Listing again catches processes
 * forked while the first ones were being killed. SIGKILL rather than SIGTERM
 * because "the client vanished" is the fault a lab exists to simulate, and
 * teardown must not wait on a stuck session.
 */
export async function killUntilGone(list: () => Promise<number[]>, what: string): Promise<number[]> {
  const killed: number[] = [];
  for (let round = 0; round < 50; round++) {
    const pids = await list();
    if (pids.length === 0) return killed;
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
        if (!killed.includes(pid)) killed.push(pid);
      } catch {
        // Exited between listing and killing: that is the goal anyway.
      }
    }
    await sleep(20);
  }
  throw new Error(`${what} survived SIGKILL: ${(await list()).join(", ")}`);
}
