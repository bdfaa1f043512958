import { readdir, readlink } from "node:fs/promises";
import { killUntilGone } from "./kill-until-gone.js";

/**
 * Kills every process whose root directory (chroot) is inside `dir`. Killing
 * by network namespace misses a lab sshd whose namespace name was deleted by
 * hand (the process keeps the namespace alive, unnamed); its chroot into the
 * lab dir still gives it away.
 */
export async function killProcessesRootedUnder(dir: string): Promise<number[]> {
  return killUntilGone(() => processesRootedUnder(dir), `processes chrooted under ${dir}`);
}

async function processesRootedUnder(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const name of await readdir("/proc")) {
    if (!/^[0-9]+$/.test(name)) continue;
    const root = await readlink(`/proc/${name}/root`).catch(() => undefined);
    if (root !== undefined && (root === dir || root.startsWith(`${dir}/`))) pids.push(Number(name));
  }
  return pids;
}
