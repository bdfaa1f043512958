import type { ResolvedHost } from "../config/resolve-host.js";
import { PullbakError } from "../errors.js";
import type { PluginKind } from "./manifest.js";
import type { PluginRegistry } from "./registry.js";

/** The plugins one job of one host runs with. */
export interface PluginSelection {
  transport: string;
  isolation: string;
  archiver: string;
  restorer: string;
  hooks: string[];
}

type SingleKind = Exclude<PluginKind, "hook">;

/**
 * The host's configured plugins with `--plugin NAME` swaps applied: each name
 * replaces the configured plugin of its kind (a hook is added).
 */
export function selectPlugins(host: ResolvedHost, overrides: readonly string[], registry: PluginRegistry): PluginSelection {
  const selection: PluginSelection = { ...host.plugins, hooks: [...host.hooks] };
  const swapped = new Set<PluginKind>();
  for (const name of overrides) {
    const { kind } = registry.find(name);
    if (kind === "hook") {
      selection.hooks.push(name);
      continue;
    }
    if (swapped.has(kind)) throw new PullbakError("USAGE", `--plugin: two ${kind} plugins given; pick one`);
    swapped.add(kind);
    selection[kind as SingleKind] = name;
  }
  return selection;
}

/** True when `--plugin` asked for a restorer, which turns `run` into a restore. */
export function asksForRestore(overrides: readonly string[], registry: PluginRegistry): boolean {
  return overrides.some((name) => registry.find(name).kind === "restorer");
}
