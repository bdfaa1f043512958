import type { PullbakConfig } from "../config/schema.js";
import { loadPluginModule } from "./load-plugin-module.js";
import type { PluginManifest } from "./manifest.js";
import { PluginRegistry } from "./registry.js";

/** Built-in plugins first, then the config's `plugins:` list in order. */
export async function loadRegistry(builtins: readonly PluginManifest<any, any>[], config: PullbakConfig | undefined, configFile: string): Promise<PluginRegistry> {
  const registry = new PluginRegistry();
  for (const manifest of builtins) registry.add(manifest, "built-in");
  for (const entry of config?.plugins ?? []) {
    const [specifier, options] = typeof entry === "string" ? [entry, {}] : entry;
    registry.add(await loadPluginModule(specifier, configFile), specifier, options);
  }
  return registry;
}
