import { ARCHIVER, ExitCode, hostNames, isPullbakError, PullbakError, serverRunner } from "@pullbak/core";
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
  const { values, positionals } = parseCommandArgs("cleanup", args, { "accept-rollback": { type: "boolean" } });
  const loaded = await loadAll(global);
  if (values["accept-rollback"]) return acceptRollback(loaded, positionals, global);
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

/**
 * `cleanup HOST... --accept-rollback`: the admin says the host's repository,
 * restored from a copy or rolled back, is the one to use (issue 15). Only
 * for hosts named one by one: accepting a rollback is never a default.
 */
async function acceptRollback(loaded: Awaited<ReturnType<typeof loadAll>>, names: readonly string[], global: GlobalOptions): Promise<number> {
  if (names.length === 0) throw new PullbakError("USAGE", "cleanup --accept-rollback: name the HOST whose repository you restored");
  for (const name of names) {
    const session = await openHostSession(loaded, name, global);
    try {
      const archiver = session.container.resolve(ARCHIVER);
      if (!archiver.acceptRollback) throw new PullbakError("NOT_IMPLEMENTED", `cleanup --accept-rollback: the ${session.host.plugins.archiver} archiver cannot`);
      for (const line of await archiver.acceptRollback(session.job, serverRunner(archiver.needs(session.job)))) printResult(line);
    } finally {
      await session.close();
    }
  }
  return ExitCode.ok;
}
