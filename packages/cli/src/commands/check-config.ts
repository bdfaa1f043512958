import { hostNames, resolveHost, resolveSelection, selectPlugins } from "@pullbak/core";
import { printResult } from "../output.js";
import { parseCommandArgs } from "../parse-args.js";
import { loadAll, type GlobalOptions } from "../session.js";

/** Validates the whole config as a run would: schema, plugin names, plugin options, plugin requirements. */
export async function checkConfigCommand(args: string[], global: GlobalOptions): Promise<number> {
  parseCommandArgs("check-config", args, {});
  const loaded = await loadAll(global);
  const names = hostNames(loaded.config);
  for (const name of names) {
    const host = resolveHost(loaded.config, name, loaded.file);
    resolveSelection(loaded.registry, host, selectPlugins(host, [], loaded.registry));
  }
  printResult(`${loaded.file}: ok (${names.length} host${names.length === 1 ? "" : "s"}: ${names.join(", ") || "none"})`);
  return 0;
}
