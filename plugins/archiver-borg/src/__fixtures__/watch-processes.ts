import { readdir, readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";

export interface SeenProcess {
  pid: number;
  /** NUL-separated, as the kernel keeps them. */
  cmdline: string;
  environ: string;
}

/**
 * Polls /proc while `work` runs and keeps every process whose command line
 * contains `marker`: what anyone on the machine could read about it.
 */
export async function watchProcesses<T>(marker: string, work: Promise<T>): Promise<{ seen: SeenProcess[]; result: PromiseSettledResult<T> }> {
  const seen = new Map<number, SeenProcess>();
  let done = false;
  const settled = Promise.allSettled([work]).then(([r]) => {
    done = true;
    return r!;
  });
  while (!done) {
    for (const entry of await readdir("/proc")) {
      if (!/^\d+$/.test(entry) || seen.has(Number(entry))) continue;
      try {
        const cmdline = await readFile(`/proc/${entry}/cmdline`, "utf8");
        if (!cmdline.includes(marker)) continue;
        const environ = await readFile(`/proc/${entry}/environ`, "utf8");
        seen.set(Number(entry), { pid: Number(entry), cmdline, environ });
      } catch {
        // The process ended between readdir and read.
      }
    }
    await sleep(5);
  }
  return { seen: [...seen.values()], result: await settled };
}
