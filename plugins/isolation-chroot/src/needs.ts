import { stat } from "node:fs/promises";
import { type Need, PullbakError } from "@pullbak/core";
import { CHANNEL_PREFIX } from "./client-code-needs.js";

export type NeedKind = "dir" | "file";

/** A need whose server path has been looked at: binds differ for files and directories. */
export interface PreparedNeed extends Need {
  kind: NeedKind;
}

/** Need names become path components under /.pullbak; `tmp` and `channel-*` are pullbak's own. */
export function checkNeedNames(needs: readonly Need[], root: string | undefined): void {
  const seen = new Set<string>();
  for (const need of needs) {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(need.name) || need.name === "tmp" || need.name.startsWith(CHANNEL_PREFIX)) {
      throw new PullbakError("PLUGIN_SHAPE", `need name ${JSON.stringify(need.name)} is not a plain name (letters, digits, . _ -; not "tmp" nor "${CHANNEL_PREFIX}...")`);
    }
    if (seen.has(need.name)) throw new PullbakError("PLUGIN_SHAPE", `need ${need.name} is listed twice`);
    seen.add(need.name);
    if (!need.source.startsWith("/")) throw new PullbakError("PLUGIN_SHAPE", `need ${need.name}: source ${JSON.stringify(need.source)} is not an absolute server path`);
    // Binding a path inside the client's mount would follow the client's symlinks on the server.
    if (root && (need.source === root || need.source.startsWith(`${root}/`))) {
      throw new PullbakError("UNSAFE_CLIENT_PATH", `need ${need.name}: source ${need.source} lies inside the client's mount`);
    }
  }
}

/**
 * Looks at each source on the server. A missing writable one (borg's cache
 * on a first run) is made as a root-only directory; a missing read-only one
 * is an error.
 */
export async function prepareNeeds(needs: readonly Need[], create: (path: string) => Promise<void>): Promise<PreparedNeed[]> {
  const prepared: PreparedNeed[] = [];
  for (const need of needs) {
    const info = await stat(need.source).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT" && need.writable) return undefined;
      throw new PullbakError("CONFIG_INVALID", `need ${need.name}: cannot use ${need.source}: ${error.code ?? error.message}`);
    });
    if (!info) await create(need.source);
    prepared.push({ ...need, kind: !info || info.isDirectory() ? "dir" : "file" });
  }
  return prepared;
}
