import { checkNames, PullbakError, runChecks, type CheckName } from "@pullbak/core";
import { printResult } from "../output.js";
import { parseCommandArgs } from "../parse-args.js";
import { loadAll, withHostSession, type GlobalOptions } from "../session.js";

function checkName(value: string): CheckName {
  if ((checkNames as readonly string[]).includes(value)) return value as CheckName;
  throw new PullbakError("USAGE", `check: --only expects one of ${checkNames.join(", ")}, found "${value}"`);
}

/**
 * `check HOST [--only NAME] [--force]`: the host's checks that are due, or
 * all with --force (issue 12). A host with no `checks:` gets borg's usual
 * check (repository, then archives) whenever asked.
 */
export async function checkCommand(args: string[], global: GlobalOptions): Promise<number> {
  const { values, positionals } = parseCommandArgs("check", args, { only: { type: "string" }, force: { type: "boolean" } });
  const [name, ...extra] = positionals;
  if (!name || extra.length > 0) throw new PullbakError("USAGE", "check: name exactly one HOST");
  const only = values.only === undefined ? undefined : checkName(values.only);
  const loaded = await loadAll(global);
  await withHostSession(loaded, name, global, async ({ job, container, host }) => {
    const configured = (host.checks ?? []).length > 0;
    const runs: Array<{ only?: CheckName; force?: boolean }> = only || configured ? [{ ...(only ? { only } : {}), force: values.force ?? false }] : [{ only: "repository", force: true }, { only: "archives", force: true }];
    for (const options of runs) {
      for (const plan of await runChecks(container, job, options)) {
        printResult(plan.due ? `${name}: check ${plan.name} ok` : `${name}: check ${plan.name} not due until ${plan.nextDue!.toISOString()} (--force runs it now)`);
      }
    }
  });
  return 0;
}
