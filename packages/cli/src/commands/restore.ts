import { PullbakError, restore, withRunRecord } from "@pullbak/core";
import { printResult } from "../output.js";
import { parseCommandArgs } from "../parse-args.js";
import { loadAll, withHostSession, type GlobalOptions } from "../session.js";

/** `restore HOST --archive NAME [--plugin METHOD] [PATH...]`: the host's restorer unless --plugin picks another. */
export async function restoreCommand(args: string[], global: GlobalOptions): Promise<number> {
  const { values, positionals } = parseCommandArgs("restore", args, {
    archive: { type: "string" },
    plugin: { type: "string", multiple: true },
    "dry-run": { type: "boolean" },
  });
  const [name, ...paths] = positionals;
  if (!name) throw new PullbakError("USAGE", "restore: name a HOST");
  if (!values.archive) throw new PullbakError("USAGE", "restore: --archive NAME (or latest) is required");
  for (const path of paths) {
    if (!path.startsWith("/")) throw new PullbakError("USAGE", `restore: ${path}: paths are absolute client paths, e.g. /etc/hosts`);
  }
  const loaded = await loadAll(global);
  const dryRun = values["dry-run"] ?? false;
  await withHostSession(loaded, name, { ...global, overrides: values.plugin ?? [], dryRun }, async ({ job, container }) => {
    if (dryRun) printResult(`# ${name}: the restore would make these steps, in order`);
    const archive = await withRunRecord(container, job, "restore", async (outcome) => {
      outcome.archive = await restore(container, job, { archive: values.archive!, paths });
      return outcome.archive;
    });
    const method = values.plugin?.at(-1) ?? job.host.plugins.restorer;
    if (!dryRun) printResult(`${name}: restored ${paths.length > 0 ? paths.join(" ") : "everything"} from ${archive} with ${method}`);
  });
  return 0;
}
