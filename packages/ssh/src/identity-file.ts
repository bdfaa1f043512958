import { stat } from "node:fs/promises";
import { keyFileFor, PullbakError, type ResolvedHost } from "@pullbak/core";
import { assertSafePath } from "./safe-values.js";

export interface IdentityFile {
  path: string;
  /** The config key it came from, for error messages. */
  where: string;
}

/**
 * `backup` is `ssh.identityFile`; every other purpose is `ssh.keys.<purpose>`,
 * or the default `setup-client` creates and prints (core's `keyFileFor`:
 * /etc/pullbak/keys/<purpose>_ed25519), so that a restore works with the keys
 * setup-client made without the config naming them (issue 15).
 */
export function identityFileFor(host: ResolvedHost, purpose: string): IdentityFile {
  if (purpose === "backup") {
    const where = `hosts.${host.name}.ssh.identityFile (or defaults.ssh.identityFile)`;
    return { path: assertSafePath(host.ssh.identityFile, where), where };
  }
  const configured = host.ssh.keys[purpose] !== undefined;
  const where = configured
    ? `hosts.${host.name}.ssh.keys.${purpose} (or defaults.ssh.keys.${purpose})`
    : `the default ${purpose} key (set hosts.${host.name}.ssh.keys.${purpose}, or run pullbak setup-client ${host.name})`;
  return { path: assertSafePath(keyFileFor(host, purpose), where), where };
}

/**
 * A key that others on the server can read is as good as leaked; ssh refuses
 * it too, but with a message that does not name pullbak's config.
 */
export async function checkIdentityFile(identity: IdentityFile): Promise<void> {
  const info = await stat(identity.path).catch((error: NodeJS.ErrnoException) => {
    throw new PullbakError("CONFIG_INVALID", `${identity.where}: cannot read ${identity.path}: ${error.code ?? error.message}`);
  });
  if (!info.isFile()) throw new PullbakError("CONFIG_INVALID", `${identity.where}: ${identity.path} is not a file`);
  if ((info.mode & 0o077) !== 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(4, "0");
    throw new PullbakError("CONFIG_INVALID", `${identity.where}: ${identity.path} has mode ${mode}, readable by others on this server; run chmod 600 ${identity.path}`);
  }
}
