import { join } from "node:path";
import type { ResolvedHost } from "./resolve-host.js";

export const DEFAULT_KEY_DIR = "/etc/pullbak/keys";

/**
 * The private key for one purpose: "backup" is `ssh.identityFile`; any other
 * purpose (a restore method's) is `ssh.keys.<purpose>`, or
 * /etc/pullbak/keys/<purpose>_ed25519 when the config does not say.
 */
export function keyFileFor(host: ResolvedHost, purpose: string): string {
  if (purpose === "backup") return host.ssh.identityFile;
  return host.ssh.keys[purpose] ?? join(DEFAULT_KEY_DIR, `${purpose}_ed25519`);
}

/** The forced command of the backup key: sftp only, read-only. */
export const BACKUP_FORCED_COMMAND = "internal-sftp -R";
