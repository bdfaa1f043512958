import type { Archiver } from "../contracts/archiver.js";
import type { Hook } from "../contracts/hook.js";
import type { Isolation } from "../contracts/isolation.js";
import type { Restorer } from "../contracts/restorer.js";
import type { Transport } from "../contracts/transport.js";

/**
 * The plugin API version this core implements. A plugin declares the version
 * it was written for; the registry refuses any other, with both numbers.
 */
export const PLUGIN_API_VERSION = 1;

export const pluginKinds = ["transport", "isolation", "archiver", "restorer", "hook"] as const;
export type PluginKind = (typeof pluginKinds)[number];

export interface PluginImplementations {
  transport: Transport;
  isolation: Isolation;
  archiver: Archiver;
  restorer: Restorer;
  hook: Hook;
}

/** Anything with zod's `safeParse`; plugins need not share core's zod copy. */
export interface OptionsSchema<O> {
  safeParse(input: unknown): { success: true; data: O } | { success: false; error: { issues: Array<{ path: (string | number)[]; message: string }> } };
}

/**
 * What a plugin package exports as its default export (or returns from a
 * default-exported factory).
 */
export interface PluginManifest<K extends PluginKind = PluginKind, O = unknown> {
  /** The name configs use to pick it (`transport: sshfs`). Unique across kinds. */
  name: string;
  kind: K;
  /** Must equal PLUGIN_API_VERSION. */
  apiVersion: number;
  /** One line for `pullbak plugins`. */
  description: string;
  /** Validates `options.<name>` from the config before anything runs. */
  options?: OptionsSchema<O>;
  /**
   * Plugins of other kinds this one only works with: per kind, plugin names
   * or capabilities (see capabilities.ts), any one of which will do, e.g.
   * `{ archiver: ["borg"] }` or `{ transport: ["mount"] }` (issue 14: the
   * requires/provides idea from Fastify's plugin registration).
   */
  requires?: Partial<Record<PluginKind, readonly string[]>>;
  /** Capabilities this plugin gives the others (see capabilities.ts), e.g. `["mount"]` for a transport that mounts the client. */
  provides?: readonly string[];
  /** Makes the implementation for one host's job. */
  create(options: O): PluginImplementations[K];
}

/** Identity function that gives a plugin author type checking. */
export function definePlugin<K extends PluginKind, O = Record<string, never>>(manifest: PluginManifest<K, O>): PluginManifest<K, O> {
  return manifest;
}
