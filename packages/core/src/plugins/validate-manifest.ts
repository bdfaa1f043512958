import { PullbakError } from "../errors.js";
import { PLUGIN_API_VERSION, pluginKinds, type PluginManifest } from "./manifest.js";

function shapeError(source: string, what: string): PullbakError {
  return new PullbakError("PLUGIN_SHAPE", `plugin ${source}: ${what} (see docs/plugin-authors.md)`);
}

/** Checks what a module exported before core trusts it with a job. */
export function validateManifest(candidate: unknown, source: string): PluginManifest {
  if (candidate === null || typeof candidate !== "object") throw shapeError(source, "the default export is not a plugin manifest object");
  const m = candidate as Record<string, unknown>;
  if (typeof m.name !== "string" || m.name === "") throw shapeError(source, "manifest has no string `name`");
  const named = `${source} (${m.name})`;
  if (typeof m.apiVersion !== "number") throw shapeError(named, "manifest has no numeric `apiVersion`");
  if (m.apiVersion !== PLUGIN_API_VERSION) {
    throw new PullbakError(
      "PLUGIN_API_VERSION",
      `plugin ${m.name} from ${source} is written for plugin API ${m.apiVersion}; this pullbak expects apiVersion ${PLUGIN_API_VERSION}`,
    );
  }
  if (!pluginKinds.includes(m.kind as never)) throw shapeError(named, `kind must be one of ${pluginKinds.join(", ")}, found ${JSON.stringify(m.kind)}`);
  if (typeof m.description !== "string") throw shapeError(named, "manifest has no string `description`");
  if (typeof m.create !== "function") throw shapeError(named, "manifest has no `create(options)` function");
  if (m.options !== undefined && typeof (m.options as { safeParse?: unknown }).safeParse !== "function") {
    throw shapeError(named, "`options` must be a zod schema (an object with safeParse)");
  }
  const isNames = (v: unknown) => Array.isArray(v) && v.every((n) => typeof n === "string");
  if (m.provides !== undefined && !isNames(m.provides)) throw shapeError(named, "`provides` must be a list of capability names");
  if (m.requires !== undefined && (typeof m.requires !== "object" || m.requires === null || !Object.values(m.requires).every(isNames))) {
    throw shapeError(named, "`requires` must map plugin kinds to lists of plugin or capability names");
  }
  return candidate as PluginManifest;
}
