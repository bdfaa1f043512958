import { asksForRestore, backup, ExitCode, formatBytes, hostNames, PullbakError, recordOutcome, recordRun, restore, type CreateResult, type JobOutcome } from "@pullbak/core";
import { printJson, printResult } from "../output.js";
import { parseCommandArgs } from "../parse-args.js";
import { loadAll, withHostSession, type GlobalOptions } from "../session.js";

function describe(host: string, result: CreateResult): string {
  const stats = result.stats
    ? ` (${result.stats.files} files, ${formatBytes(result.stats.originalBytes)} read, ${formatBytes(result.stats.deduplicatedBytes)} new)`
    : "";
  return `${host}: archive ${result.archive} created${stats}`;
}

/** `run`: back hosts up one after another; `--plugin <restorer>` restores --archive instead. */
export async function runCommand(args: string[], global: GlobalOptions): Promise<number> {
  const { values, positionals } = parseCommandArgs("run", args, {
    all: { type: "boolean" },
    plugin: { type: "string", multiple: true },
    archive: { type: "string" },
    "dry-run": { type: "boolean" },
    json: { type: "boolean" },
  });
  const loaded = await loadAll(global);
  const overrides = values.plugin ?? [];
  const hosts = values.all ? hostNames(loaded.config) : positionals;
  if (hosts.length === 0) throw new PullbakError("USAGE", "run: name at least one HOST, or --all");
  const isRestore = asksForRestore(overrides, loaded.registry);
  if (isRestore && !values.archive) throw new PullbakError("USAGE", "run: --plugin with a restorer needs --archive NAME (or latest)");
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
            const archive = await restore(container, job, { archive: values.archive!, paths: [] });
            outcome.archive = archive;
            results.push({ host: name, restored: archive });
            if (!values.json && !options.dryRun) printResult(`${name}: restored ${archive}`);
            return;
          }
          const result = await backup(container, job, values.archive);
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
