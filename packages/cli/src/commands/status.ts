import { ConsoleLogger, ExitCode, hostNames, hostStateDir, list, PullbakError, readRunRecords, resolveHost, runningJobs } from "@pullbak/core";
import { hostLogger } from "../logging/host-logger.js";
import { printJson, printResult } from "../output.js";
import { parseCommandArgs } from "../parse-args.js";
import { loadAll, type GlobalOptions, type Loaded } from "../session.js";
import { hostStatus, verifiedStatus, type HostStatus } from "../status/host-status.js";
import { statusTable } from "../status/status-table.js";
import { withUnlockedHost } from "../unlocked-host.js";

/**
 * "Now" for status: the clock, or `PULLBAK_NOW` (an ISO 8601 time), which
 * exists for tests that show a host going stale without waiting a day.
 */
function statusNow(): Date {
  const text = process.env.PULLBAK_NOW;
  if (text === undefined || text === "") return new Date();
  const now = new Date(text);
  if (Number.isNaN(now.getTime())) throw new PullbakError("USAGE", `status: PULLBAK_NOW must be an ISO 8601 time, found ${JSON.stringify(text)}`);
  return now;
}

async function statusOf(loaded: Loaded, name: string, now: Date, verify: boolean, global: GlobalOptions): Promise<HostStatus> {
  const host = resolveHost(loaded.config, name, loaded.file);
  const dir = hostStateDir(host);
  const running = (await runningJobs(dir)).find((job) => job.action === "backup");
  const status = hostStatus(name, await readRunRecords(dir), host.maxAge, now, running?.start);
  if (!verify) return status;
  // The repository only, through the server's own borg; no lock (a run may hold it), never the client.
  const log = global.logJson ? hostLogger(global, name) : new ConsoleLogger(`${name}: `, { verbose: global.verbose ?? false, quiet: true });
  const archives = await withUnlockedHost(loaded, name, { log }, ({ job, container }) => list(container, job)).catch((error: unknown) =>
    error instanceof Error ? error : new Error(String(error)),
  );
  return verifiedStatus(status, archives, now);
}

/**
 * `status [HOST...] [--json] [--verify]` (issue #11): one line per host from
 * its run records; exit 0 when every listed host is fine, 2 when any needs
 * attention, so monitoring can run it. Reads records (and with --verify the
 * repository), never a client.
 */
export async function statusCommand(args: string[], global: GlobalOptions): Promise<number> {
  const { values, positionals } = parseCommandArgs("status", args, { json: { type: "boolean" }, verify: { type: "boolean" } });
  const now = statusNow();
  const loaded = await loadAll(global);
  const names = positionals.length > 0 ? [...new Set(positionals)] : hostNames(loaded.config);
  const statuses: HostStatus[] = [];
  for (const name of names) statuses.push(await statusOf(loaded, name, now, values.verify ?? false, global));
  const attention = statuses.filter((s) => s.attention.length > 0).length;
  if (values.json) printJson({ now: now.toISOString(), attention, hosts: statuses });
  else {
    process.stdout.write(`${statusTable(statuses, now)}\n`);
    printResult(attention === 0 ? `all ${statuses.length} host${statuses.length === 1 ? "" : "s"} fine` : `${attention} of ${statuses.length} hosts need attention`);
  }
  return attention === 0 ? ExitCode.ok : ExitCode.failed;
}
