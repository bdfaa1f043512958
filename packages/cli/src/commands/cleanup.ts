import { ExitCode, hostNames, isPullbakError } from "@pullbak/core";
import { printResult } from "../output.js";
import { parseCommandArgs } from "../parse-args.js";
import { loadAll, openHostSession, type GlobalOptions } from "../session.js";

/**
 * `cleanup [HOST...]`: what killed runs left behind (mounts, the host lock,
 * a stale repository lock), for the named hosts or every host in the
 * config. Each host is locked while it is cleaned, exactly as a run starts,
 * so a host with a run in progress is skipped, not disturbed: that run
 * cleaned up after its predecessors when it started.
 */
export async function cleanupCommand(args: string[], global: GlobalOptions): Promise<number> {
  const { positionals } = parseCommandArgs("cleanup", args, {});
  const loaded = await loadAll(global);
  const names = positionals.length > 0 ? positionals : hostNames(loaded.config);
  let count = 0;
  for (const name of names) {
    try {
      const session = await openHostSession(loaded, name, global);
      count += session.leftovers.length;
      await session.close();
    } catch (error) {
      if (!isPullbakError(error, "HOST_BUSY")) throw error;
      process.stderr.write(`pullbak: ${error.message}; skipped (a run in progress)\n`);
    }
  }
  printResult(count === 0 ? "nothing left behind" : `cleaned up ${count} leftover${count === 1 ? "" : "s"} (listed above)`);
  return ExitCode.ok;
}
