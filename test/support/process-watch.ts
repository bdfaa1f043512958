import { readdir, readFile } from "node:fs/promises";

/** Every process's argv and environment, as /proc shows them to root, except `skip`. */
async function processTexts(skip: ReadonlySet<number>): Promise<Array<{ pid: number; what: string; text: Buffer }>> {
  const texts: Array<{ pid: number; what: string; text: Buffer }> = [];
  for (const name of await readdir("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || skip.has(pid)) continue;
    for (const what of ["cmdline", "environ"]) {
      try {
        texts.push({ pid, what, text: await readFile(`/proc/${pid}/${what}`) });
      } catch {
        // The process exited while we looked.
      }
    }
  }
  return texts;
}

/**
 * Polls every process's cmdline and environ for `needle` until stopped;
 * returns where it was seen ("pid 123 environ: borg create ...").
 */
export function watchProcessesFor(needle: Buffer, skip: ReadonlySet<number> = new Set()): { stop(): Promise<string[]> } {
  const seen: string[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const { pid, what, text } of await processTexts(skip)) {
        if (text.includes(needle)) {
          const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "?");
          seen.push(`pid ${pid} ${what}: ${cmdline.replaceAll("\0", " ").trim()}`);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return [...new Set(seen)];
    },
  };
}
