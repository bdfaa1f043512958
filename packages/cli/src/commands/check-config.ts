import { hostNames, resolveHost, resolveSelection, selectPlugins } from "@pullbak/core";
import { printResult } from "../output.js";
import { parseCommandArgs } from "../parse-args.js";
import { loadAll, type GlobalOptions } from "../session.js";

/** Validates the whole config as a run would: schema, plugin names, plugin options, plugin requirements. */
export async function checkConfigCommand(args: string[], global: GlobalOptions): Promise<number> {
  parseCommandArgs("check-config", args, {});
  const loaded = await loadAll(global);
  const names = hostNames(loaded.config);
  const unpruned: string[] = [];
  const neverFullyRead: string[] = [];
  const unquoted: string[] = [];
  for (const name of names) {
    const host = resolveHost(loaded.config, name, loaded.file);
    resolveSelection(loaded.registry, host, selectPlugins(host, [], loaded.registry));
    if (!host.retention) unpruned.push(name);
    if (!host.fullReadEvery) neverFullyRead.push(name);
    if (host.repository.storageQuota === undefined) unquoted.push(name);
  }
  printResult(`${loaded.file}: ok (${names.length} host${names.length === 1 ? "" : "s"}: ${names.join(", ") || "none"})`);
  // issue 12: one notice for all such hosts, not one per host or per run.
  if (unpruned.length > 0) printResult(`notice: no retention for ${unpruned.join(", ")}: never pruned, the repository grows with every run (docs/upkeep.md)`);
  // issue 15: over SFTP a same-size edit that keeps its mtime is never read again without a full read.
  if (neverFullyRead.length > 0) {
    printResult(`notice: no full re-read scheduled for ${neverFullyRead.join(", ")}: a same-size edit that keeps its mtime is never backed up again (set fullReadEvery, or run --full-read; docs/transport-sshfs.md)`);
  }
  // issue 10 (quota): a client that serves endless data fills the server's disk, and every other host's backups stop.
  if (unquoted.length > 0) printResult(`notice: no repository.storageQuota for ${unquoted.join(", ")}: a client serving endless data can fill the server's disk (docs/config.md)`);
  return 0;
}
