import { cleanupLeftovers, ConsoleLogger, hostNames, resolveHost } from "@pullbak/core";
import { printResult } from "../output.js";
import { parseCommandArgs } from "../parse-args.js";
import { loadAll, type GlobalOptions } from "../session.js";

/** Unmounts what killed runs left behind, for every host in the config. */
export async function cleanupCommand(args: string[], global: GlobalOptions): Promise<number> {
  parseCommandArgs("cleanup", args, {});
  const loaded = await loadAll(global);
  let count = 0;
  for (const name of hostNames(loaded.config)) {
    const host = resolveHost(loaded.config, name, loaded.file);
    count += (await cleanupLeftovers(host, new ConsoleLogger(`${name}: `))).length;
  }
  printResult(count === 0 ? "nothing left behind" : `unmounted ${count} leftover mount${count === 1 ? "" : "s"}`);
  return 0;
}
