import { backup, ExitCode, formatBytes, recordOutcome, recordRun, restore, type CreateResult, type JobOutcome } from "@pullbak/core";
import { printJson, printResult } from "../output.js";
import { parseCommandArgs } from "../parse-args.js";
import { runArguments } from "../run-arguments.js";
import { loadAll, withHostSession, type GlobalOptions } from "../session.js";

function describe(host: string, result: CreateResult): string {
  const stats = result.stats
    ? ` (${result.stats.files} files, ${formatBytes(result.stats.originalBytes)} read, ${formatBytes(result.stats.deduplicatedBytes)} new)`
    : "";
  return `${host}: archive ${result.archive} created${stats}`;
}

/** `run`: back hosts up one after another; `--plugin <restorer>` restores --archive (and PATHs) instead. */
export async function runCommand(args: string[], global: GlobalOptions): Promise<number> {
  const { values, positionals } = parseCommandArgs("run", args, {
    all: { type: "boolean" },
    plugin: { type: "string", multiple: true },
    archive: { type: "string" },
    "dry-run": { type: "boolean" },
    "allow-client-links": { type: "boolean" },
    "full-read": { type: "boolean" },
    json: { type: "boolean" },
  });
  const loaded = await loadAll(global);
  const overrides = values.plugin ?? [];
  const { hosts, restore: restoreRequest } = runArguments(loaded, positionals, { all: values.all ?? false, overrides, archive: values.archive, allowClientLinks: values["allow-client-links"] ?? false });
  const isRestore = restoreRequest !== undefined;
  const options = { ...global, overrides, dryRun: values["dry-run"] ?? false, timed: true };
  const results: Record<string, unknown>[] = [];
  let exit: number = ExitCode.ok;
  for (const name of hosts) {
    try {
      await withHostSession(loaded, name, options, async ({ job, container }) => {
        if (options.dryRun) printResult(`# ${name}: the ${isRestore ? "restore" : "backup"} would make these steps, in order`);
        const outcome: JobOutcome = { host: name, action: isRestore ? "restore" : "backup", start: new Date() };
        try {
          if (isRestore) {
            const archive = await restore(container, job, restoreRequest);
            outcome.archive = archive;
            results.push({ host: name, restored: archive });
            if (!values.json && !options.dryRun) printResult(`${name}: restored ${archive}`);
            return;
          }
          const result = await backup(container, job, values.archive, { fullRead: values["full-read"] ?? false });
          Object.assign(outcome, { archive: result.archive, warnings: result.warnings, ...(result.stats ? { stats: result.stats } : {}) });
          results.push({ host: name, ...result });
          if (result.warnings.length > 0) exit = Math.max(exit, ExitCode.warnings);
          if (!values.json && !options.dryRun) printResult(describe(name, result));
        } catch (error) {
          outcome.error = error;
          throw error;
        } finally {
          await recordRun(container, job, recordOutcome(outcome));
        }
      });
    } catch (error) {
      // With several hosts, one failure must not stop the others; the exit code still says it.
      if (hosts.length === 1) throw error;
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`pullbak: ${message}\n`);
      results.push({ host: name, error: message });
      exit = ExitCode.failed;
    }
  }
  if (values.json) printJson(results);
  return exit;
}
