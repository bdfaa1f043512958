import type { DependencyContainer } from "tsyringe";
import type { ZodIssue } from "zod";
import type { ResolvedHost } from "../config/resolve-host.js";
import { describeIssue } from "../config/config-error.js";
import { PullbakError } from "../errors.js";
import type { PluginKind, PluginManifest } from "./manifest.js";
import type { PluginSelection } from "./plugin-selection.js";
import type { PluginRegistry } from "./registry.js";
import { CommandHooks, hasCommands } from "../hooks/command-hooks.js";
import { describeCapability } from "./capabilities.js";
import { ARCHIVER, HOOKS, HOST, ISOLATION, RESTORER, TRANSPORT } from "./tokens.js";

function validatedOptions(registry: PluginRegistry, manifest: PluginManifest, host: ResolvedHost): unknown {
  const raw = { ...registry.defaultOptionsOf(manifest.name), ...host.options[manifest.name] };
  const file = host.configFile ? `${host.configFile}: ` : "";
  const where = `${file}hosts.${host.name}.options.${manifest.name} (or defaults.options.${manifest.name})`;
  if (!manifest.options) {
    if (Object.keys(raw).length > 0) throw new PullbakError("PLUGIN_OPTIONS", `${where}: plugin ${manifest.name} takes no options`);
    return {};
  }
  const parsed = manifest.options.safeParse(raw);
  if (parsed.success) return parsed.data;
  // A plugin's schema is zod's (or shaped like it): an issue without zod's `code` is described by its message.
  const problems = parsed.error.issues.map((i) => `${[where, ...i.path].join(".")}: ${describeIssue(i as ZodIssue, raw)}`);
  throw new PullbakError("PLUGIN_OPTIONS", problems.join("\n"));
}

/**
 * Whether `chosen` satisfies one of `wanted`: by its name, or by a capability
 * it provides (see capabilities.ts).
 */
function satisfies(chosen: PluginManifest, wanted: readonly string[]): boolean {
  return wanted.includes(chosen.name) || (chosen.provides ?? []).some((capability) => wanted.includes(capability));
}

/**
 * Refuses a host whose plugins do not fit together (issue 14), in one line
 * naming both plugins and why: `host web1: transport tar-stream needs an
 * isolation that provides stream-input (...); isolation chroot does not`.
 */
export function checkRequirements(selected: Partial<Record<PluginKind, PluginManifest>>, host: string): void {
  for (const manifest of Object.values(selected)) {
    for (const [kind, wanted] of Object.entries(manifest.requires ?? {})) {
      const chosen = selected[kind as PluginKind];
      if (!chosen || satisfies(chosen, wanted)) continue;
      const needs = wanted.map(describeCapability).join(" or ");
      const provides = chosen.provides?.length ? `it provides ${chosen.provides.join(", ")}` : "it provides nothing of that";
      throw new PullbakError("PLUGIN_REQUIREMENT", `host ${host}: ${manifest.kind} ${manifest.name} needs ${kind === "isolation" ? "an" : "a"} ${kind} that is or provides ${needs}, but ${kind} ${chosen.name} is selected (${provides})`);
    }
  }
}

/** Resolves and validates the selected plugins (no side effects). */
export function resolveSelection(registry: PluginRegistry, host: ResolvedHost, selection: PluginSelection) {
  const where = `host ${host.name}`;
  const single = {
    transport: registry.get("transport", selection.transport, where),
    isolation: registry.get("isolation", selection.isolation, where),
    archiver: registry.get("archiver", selection.archiver, where),
    restorer: registry.get("restorer", selection.restorer, where),
  } satisfies Partial<Record<PluginKind, PluginManifest>>;
  const hooks = selection.hooks.map((name) => registry.get("hook", name, where));
  checkRequirements(single, host.name);
  const options = new Map<PluginManifest, unknown>();
  for (const manifest of [...Object.values(single), ...hooks]) options.set(manifest, validatedOptions(registry, manifest, host));
  return { ...single, hooks, options };
}

/**
 * A child container per host: that host's validated config and its chosen
 * plugins, each created with its own validated options.
 */
export function createHostContainer(
  parent: DependencyContainer,
  registry: PluginRegistry,
  host: ResolvedHost,
  selection: PluginSelection,
): DependencyContainer {
  const resolved = resolveSelection(registry, host, selection);
  const make = <K extends PluginKind>(m: PluginManifest<K>) => m.create(resolved.options.get(m));
  const container = parent.createChildContainer();
  container.register(HOST, { useValue: host });
  container.register(TRANSPORT, { useValue: make(resolved.transport) });
  container.register(ISOLATION, { useValue: make(resolved.isolation) });
  container.register(ARCHIVER, { useValue: make(resolved.archiver) });
  container.register(RESTORER, { useValue: make(resolved.restorer) });
  // The host's `commands:` run after the plugin hooks' before (a start ping precedes a failing `before`), issue #13.
  const commandHooks = hasCommands(host.commands) ? [new CommandHooks(host.commands)] : [];
  container.register(HOOKS, { useValue: [...resolved.hooks.map(make), ...commandHooks] });
  return container;
}
