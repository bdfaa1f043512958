import { PullbakError } from "../errors.js";
import type { PluginKind, PluginManifest } from "./manifest.js";
import { validateManifest } from "./validate-manifest.js";

export interface RegisteredPlugin {
  manifest: PluginManifest;
  /** "built-in" or the specifier from the config's `plugins:` list. */
  source: string;
  /** Options given beside the specifier in `plugins:`; a host's `options.<name>` overrides them. */
  defaultOptions: Record<string, unknown>;
}

/** The plugins a run can choose from, by unique name. */
export class PluginRegistry {
  readonly #plugins = new Map<string, RegisteredPlugin>();

  add(candidate: unknown, source: string, defaultOptions: Record<string, unknown> = {}): PluginManifest {
    const manifest = validateManifest(candidate, source);
    const existing = this.#plugins.get(manifest.name);
    if (existing) {
      throw new PullbakError("PLUGIN_SHAPE", `plugin ${manifest.name} from ${source} clashes with the one from ${existing.source}; plugin names must be unique`);
    }
    this.#plugins.set(manifest.name, { manifest, source, defaultOptions });
    return manifest;
  }

  defaultOptionsOf(name: string): Record<string, unknown> {
    return this.#plugins.get(name)?.defaultOptions ?? {};
  }

  list(): RegisteredPlugin[] {
    return [...this.#plugins.values()];
  }

  namesOf(kind: PluginKind): string[] {
    return this.list()
      .filter((p) => p.manifest.kind === kind)
      .map((p) => p.manifest.name);
  }

  /** The plugin `name` of `kind`; an unknown name lists the known ones of that kind. */
  get<K extends PluginKind>(kind: K, name: string, where = ""): PluginManifest<K> {
    const found = this.#plugins.get(name);
    if (found?.manifest.kind === kind) return found.manifest as PluginManifest<K>;
    const known = this.namesOf(kind).join(", ") || "(none)";
    const prefix = where ? `${where}: ` : "";
    const butIs = found ? ` ("${name}" is a ${found.manifest.kind} plugin)` : "";
    throw new PullbakError("UNKNOWN_PLUGIN", `${prefix}unknown ${kind} plugin "${name}"${butIs}; known ${kind} plugins: ${known}`);
  }

  /** For `--plugin NAME`: finds a plugin by name whatever its kind. */
  find(name: string): PluginManifest {
    const found = this.#plugins.get(name);
    if (found) return found.manifest;
    const known = this.list()
      .map((p) => `${p.manifest.name} (${p.manifest.kind})`)
      .join(", ");
    throw new PullbakError("UNKNOWN_PLUGIN", `--plugin: unknown plugin "${name}"; known plugins: ${known}`);
  }
}
