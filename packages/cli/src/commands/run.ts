import { PullbakError, builtinDefaults, type RunRecord } from "@pullbak/core";
import { chooseDisplay } from "../fleet/choose-display.js";
import { PlainDisplay } from "../fleet/plain-display.js";
import { statsText } from "../fleet/host-verdict.js";
import { checkHosts } from "../fleet/record-without-session.js";
import { fleetExitCode, runFleet } from "../fleet/run-fleet.js";
import { summaryTable } from "../fleet/summary-table.js";
import { printJson, printResult } from "../output.js";
import { parseCommandArgs } from "../parse-args.js";
import { restorePathsFrom } from "../restore-paths.js";
import { runArguments } from "../run-arguments.js";
import { loadAll, type GlobalOptions } from "../session.js";

/** The result line of a single-host run on stdout, as pullbak has always printed it. */
function describe(record: RunRecord): string {
  if (record.action === "restore") return `${record.host}: restored ${record.archive}`;
  const stats = statsText(record);
  return `${record.host}: archive ${record.archive} created${stats ? ` (${stats})` : ""}`;
}

function parseJobs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const jobs = Number(text);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new PullbakError("USAGE", `run: --jobs expects a whole number from 1 to 64, found ${JSON.stringify(text)}`);
  return jobs;
}

/**
 * `run`: back hosts up, `--jobs N` at a time (issue #11), ending with a
 * summary table (or `--json`); `--plugin <restorer>` restores --archive instead.
 */
export async function runCommand(args: string[], global: GlobalOptions): Promise<number> {
  const { values, positionals } = parseCommandArgs("run", args, {
    all: { type: "boolean" },
    jobs: { type: "string", short: "j" },
    plugin: { type: "string", multiple: true },
    archive: { type: "string" },
    "dry-run": { type: "boolean" },
    "allow-client-links": { type: "boolean" },
    "ignore-free-space": { type: "boolean" },
    "full-read": { type: "boolean" },
    json: { type: "boolean" },
    "paths-from": { type: "string" },
    null: { type: "boolean" },
  });
  const jobsOption = parseJobs(values.jobs);
  const loaded = await loadAll(global);
  const overrides = values.plugin ?? [];
  const { hosts, restore: restoreRequest } = runArguments(loaded, positionals, { all: values.all ?? false, overrides, archive: values.archive, allowClientLinks: values["allow-client-links"] ?? false, ignoreFreeSpace: values["ignore-free-space"] ?? false });
  const isRestore = restoreRequest !== undefined;
  // Paths as bytes, as `restore --paths-from FILE --null` takes them (issue 15).
  if (values["paths-from"] !== undefined || values.null) {
    if (!restoreRequest) throw new PullbakError("USAGE", "run: --paths-from is for a restore (--plugin with a restorer)");
    if (values["paths-from"] === undefined) throw new PullbakError("USAGE", "run: --null is for --paths-from FILE");
    restoreRequest.paths.push(...(await restorePathsFrom("run", values["paths-from"], values.null ?? false)));
  }
  checkHosts(loaded, hosts, overrides);
  const dryRun = values["dry-run"] ?? false;
  // A dry run prints its steps on stdout, one host after another, and nothing else.
  const display = dryRun ? new PlainDisplay({ ...global, quiet: true }) : await chooseDisplay(hosts, global);
  let records: RunRecord[];
  try {
    records = await runFleet(loaded, {
      hosts,
      jobs: dryRun ? 1 : (jobsOption ?? loaded.config.jobs ?? builtinDefaults.jobs),
      action: isRestore ? "restore" : "backup",
      archive: values.archive,
      ...(restoreRequest ? { restoreRequest } : {}),
      fullRead: values["full-read"] ?? false,
      session: { ...global, overrides, dryRun, timed: true },
      display,
      ...(dryRun ? { onHostStart: (name: string) => printResult(`# ${name}: the ${isRestore ? "restore" : "backup"} would make these steps, in order`) } : {}),
    });
  } finally {
    display.close();
  }
  if (values.json) printJson({ exitCode: fleetExitCode(records), hosts: records });
  else if (dryRun) {
    // The steps are the result.
  } else if (hosts.length === 1) {
    if (records[0]!.result === "ok" || records[0]!.result === "warnings") printResult(describe(records[0]!));
  } else printResult(summaryTable(records));
  return hosts.length === 1 && records[0]!.result !== "skipped" ? records[0]!.exitCode : fleetExitCode(records);
}
