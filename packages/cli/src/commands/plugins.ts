import { access } from "node:fs/promises";
import { DEFAULT_CONFIG_FILE, loadRegistry } from "@pullbak/core";
import { builtinPlugins } from "../builtin-plugins.js";
import { printJson, printResult } from "../output.js";
import { parseCommandArgs } from "../parse-args.js";
import { loadAll, type GlobalOptions } from "../session.js";

/** Lists the plugins; without a readable config, just the built-in ones. */
export async function pluginsCommand(args: string[], global: GlobalOptions): Promise<number> {
  const { values } = parseCommandArgs("plugins", args, { json: { type: "boolean" } });
  const hasConfig = await access(global.config ?? DEFAULT_CONFIG_FILE).then(() => true, () => false);
  const registry = hasConfig ? (await loadAll(global)).registry : await loadRegistry(builtinPlugins, undefined, "(no config)");
  const rows = registry.list().map(({ manifest, source }) => ({ name: manifest.name, kind: manifest.kind, description: manifest.description, source }));
  if (values.json) {
    printJson(rows);
    return 0;
  }
  const width = Math.max(...rows.map((r) => r.name.length));
  printResult(rows.map((r) => `${r.name.padEnd(width)}  ${r.kind.padEnd(9)}  ${r.description}${r.source === "built-in" ? "" : `  [${r.source}]`}`).join("\n"));
  return 0;
}
