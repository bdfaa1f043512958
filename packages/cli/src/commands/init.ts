import { init, PullbakError } from "@pullbak/core";
import { printResult } from "../output.js";
import { parseCommandArgs } from "../parse-args.js";
import { loadAll, withHostSession, type GlobalOptions } from "../session.js";

export async function initCommand(args: string[], global: GlobalOptions): Promise<number> {
  const { values, positionals } = parseCommandArgs("init", args, { "dry-run": { type: "boolean" } });
  const [name, ...extra] = positionals;
  if (!name || extra.length > 0) throw new PullbakError("USAGE", "init: name exactly one HOST");
  const loaded = await loadAll(global);
  await withHostSession(loaded, name, { ...global, dryRun: values["dry-run"] ?? false }, async ({ job, container, host }) => {
    await init(container, job);
    if (!values["dry-run"]) printResult(`${name}: repository ${host.repository.path} created (${host.repository.encryption})`);
  });
  return 0;
}
