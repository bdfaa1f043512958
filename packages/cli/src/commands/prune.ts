import { prune, PullbakError, type PruneDecision } from "@pullbak/core";
import { printResult } from "../output.js";
import { parseCommandArgs } from "../parse-args.js";
import { loadAll, withHostSession, type GlobalOptions } from "../session.js";

/** `keep   web1-2026-11-23T01:00:00Z  2026-11-23T01:00:00Z  daily #1`. */
function formatDecision(d: PruneDecision, dryRun: boolean): string {
  const verdict = d.verdict === "keep" ? "keep" : dryRun ? "prune" : "pruned";
  return `${verdict.padEnd(7)}${d.archive}  ${d.start.replace(/\.\d{3}Z$/, "Z")}${d.rule ? `  ${d.rule}` : ""}`;
}

/** `prune HOST [--dry-run] [--list]`: apply the host's retention now (issue 12). */
export async function pruneCommand(args: string[], global: GlobalOptions): Promise<number> {
  const { values, positionals } = parseCommandArgs("prune", args, { "dry-run": { type: "boolean" }, list: { type: "boolean" } });
  const [name, ...extra] = positionals;
  if (!name || extra.length > 0) throw new PullbakError("USAGE", "prune: name exactly one HOST");
  const dryRun = values["dry-run"] ?? false;
  const loaded = await loadAll(global);
  await withHostSession(loaded, name, global, async ({ job, container }) => {
    const { decisions } = await prune(container, job, { dryRun });
    if (values.list) printResult(decisions.map((d) => formatDecision(d, dryRun)).join("\n") || `${name}: no archives`);
    const pruned = decisions.filter((d) => d.verdict === "prune").length;
    printResult(`${name}: ${dryRun ? "would prune" : "pruned"} ${pruned} archive${pruned === 1 ? "" : "s"}, kept ${decisions.length - pruned}${dryRun ? " (dry run: nothing changed)" : ""}`);
  });
  return 0;
}
