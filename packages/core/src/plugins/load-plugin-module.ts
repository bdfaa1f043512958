import { createRequire } from "node:module";
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { PullbakError } from "../errors.js";

/**
 * Finds a third-party plugin the way a sysadmin expects: a path is taken
 * relative to the config file; a package name is resolved from the config
 * file's directory (e.g. /etc/pullbak/node_modules), then from pullbak itself.
 */
function resolveSpecifier(specifier: string, configFile: string): string {
  if (specifier.startsWith(".") || isAbsolute(specifier)) {
    return pathToFileURL(resolve(configFile, "..", specifier)).href;
  }
  for (const base of [configFile, import.meta.filename]) {
    try {
      return pathToFileURL(createRequire(base).resolve(specifier)).href;
    } catch {
      // try the next place
    }
  }
  throw new PullbakError(
    "PLUGIN_LOAD_FAILED",
    `${configFile}: plugins: cannot find package "${specifier}" (install it next to the config, e.g. npm install --prefix ${resolve(configFile, "..")} ${specifier})`,
  );
}

/** Imports a plugin module and returns what it exports as its manifest. */
export async function loadPluginModule(specifier: string, configFile: string): Promise<unknown> {
  const url = resolveSpecifier(specifier, configFile);
  let module: Record<string, unknown>;
  try {
    module = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw new PullbakError("PLUGIN_LOAD_FAILED", `${configFile}: plugins: cannot load "${specifier}": ${(error as Error).message}`, { cause: error });
  }
  const exported = module.default ?? module.plugin;
  return typeof exported === "function" ? (exported as () => unknown)() : exported;
}
