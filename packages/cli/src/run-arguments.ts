import { asksForRestore, hostNames, PullbakError, resolveHost, selectPlugins } from "@pullbak/core";
import { restorePaths } from "./restore-paths.js";
import type { Loaded } from "./session.js";

/** What `pullbak run` was asked to do, every name in it checked. */
export interface RunArguments {
  hosts: string[];
  /** A restorer among the --plugin names turns the run into a restore of `archive`. */
  restore?: { archive: string; paths: string[]; allowClientLinks: boolean; ignoreFreeSpace?: boolean };
}

/**
 * Reads `run`'s positionals and checks every name and argument before any
 * client is touched (issue 15): an unknown host or plugin is a config error
 * (exit 78) even when it comes after a good host, where the run used to back
 * the good one up first.
 * - backup: `run HOST...` or `run --all`.
 * - restore: `run HOST --plugin RESTORER --archive A [PATH...]` takes paths as
 *   `restore` does; with `--all` every positional is a path.
 *
 * @throws PullbakError USAGE, UNKNOWN_HOST, UNKNOWN_PLUGIN (all exit 78).
 */
export function runArguments(loaded: Loaded, positionals: readonly string[], options: { all: boolean; overrides: readonly string[]; archive?: string | undefined; allowClientLinks?: boolean; ignoreFreeSpace?: boolean }): RunArguments {
  const isRestore = asksForRestore(options.overrides, loaded.registry);
  if (isRestore && !options.archive) throw new PullbakError("USAGE", "run: --plugin with a restorer needs --archive NAME (or latest)");
  let hosts: string[];
  let paths: string[] = [];
  if (options.all) {
    hosts = hostNames(loaded.config);
    if (isRestore) paths = restorePaths("run", positionals);
    else if (positionals.length > 0) throw new PullbakError("USAGE", `run: --all names every host; ${positionals.join(" ")} is extra`);
  } else if (isRestore) {
    const [host, ...rest] = positionals;
    hosts = host === undefined ? [] : [host];
    paths = restorePaths("run", rest);
  } else {
    hosts = [...positionals];
  }
  if (hosts.length === 0) throw new PullbakError("USAGE", "run: name at least one HOST, or --all");
  for (const name of hosts) selectPlugins(resolveHost(loaded.config, name, loaded.file), options.overrides, loaded.registry);
  if (!isRestore && options.allowClientLinks) throw new PullbakError("USAGE", "run: --allow-client-links is for a restore (--plugin with a restorer)");
  if (!isRestore && options.ignoreFreeSpace) throw new PullbakError("USAGE", "run: --ignore-free-space is for a restore (--plugin with a restorer)");
  const restore = { archive: options.archive!, paths, allowClientLinks: options.allowClientLinks ?? false, ...(options.ignoreFreeSpace ? { ignoreFreeSpace: true } : {}) };
  return isRestore ? { hosts, restore } : { hosts };
}
