import { pathList, PullbakError, restore, withRunRecord } from "@pullbak/core";
import { printResult } from "../output.js";
import { parseCommandArgs } from "../parse-args.js";
import { restorePaths, restorePathsFrom } from "../restore-paths.js";
import { loadAll, withHostSession, type GlobalOptions } from "../session.js";

/** `restore HOST --archive NAME [--plugin METHOD] [PATH...]`: the host's restorer unless --plugin picks another. */
export async function restoreCommand(args: string[], global: GlobalOptions): Promise<number> {
  const { values, positionals } = parseCommandArgs("restore", args, {
    archive: { type: "string" },
    plugin: { type: "string", multiple: true },
    "dry-run": { type: "boolean" },
    "allow-client-links": { type: "boolean" },
    "paths-from": { type: "string" },
    null: { type: "boolean" },
    "ignore-free-space": { type: "boolean" },
  });
  const [name, ...rest] = positionals;
  if (!name) throw new PullbakError("USAGE", "restore: name a HOST");
  if (!values.archive) throw new PullbakError("USAGE", "restore: --archive NAME (or latest) is required");
  if (values.null && values["paths-from"] === undefined) throw new PullbakError("USAGE", "restore: --null is for --paths-from FILE");
  const paths = [...restorePaths("restore", rest), ...(values["paths-from"] === undefined ? [] : await restorePathsFrom("restore", values["paths-from"], values.null ?? false))];
  const loaded = await loadAll(global);
  const dryRun = values["dry-run"] ?? false;
  await withHostSession(loaded, name, { ...global, overrides: values.plugin ?? [], dryRun, timed: true }, async ({ job, container }) => {
    if (dryRun) printResult(`# ${name}: the restore would make these steps, in order`);
    const archive = await withRunRecord(container, job, "restore", async (outcome) => {
      outcome.archive = await restore(container, job, { archive: values.archive!, paths, allowClientLinks: values["allow-client-links"] ?? false, ignoreFreeSpace: values["ignore-free-space"] ?? false });
      return outcome.archive;
    });
    const method = values.plugin?.at(-1) ?? job.host.plugins.restorer;
    if (!dryRun) printResult(`${name}: restored ${paths.length > 0 ? pathList(paths, " ") : "everything"} from ${archive} with ${method}`);
  });
  return 0;
}
