import { NO_SSH_CONFIG } from "@pullbak/ssh";
import type { SshfsFeatures } from "./sshfs-features.js";
import type { SshTarget } from "@pullbak/ssh";

export interface SshfsSettings {
  readOnly: boolean;
  reconnect: boolean;
  dirCache: boolean;
}

/**
 * sshfs in the foreground (`-f`): it stays the process that holds the
 * mount and its namespace (see namespace-holder.ts) until it is ended, and
 * exits with an error should the mount fail. Every option value was validated by SshTarget, so joining them
 * with commas cannot smuggle in another option.
 */
export function sshfsArgv(target: SshTarget, mountPoint: string, features: SshfsFeatures, settings: SshfsSettings): string[] {
  const options = [
    ...target.options,
    ...(settings.reconnect ? ["reconnect"] : []),
    // The chroot runs as root but the daemon must serve every process, and the overlay's own access.
    "allow_other",
    `dir_cache=${settings.dirCache ? "yes" : "no"}`,
    ...(settings.readOnly ? ["ro"] : []),
    ...(features.noContainSymlinks ? ["no_contain_symlinks"] : []),
  ];
  return ["sshfs", "-f", ...NO_SSH_CONFIG, "-p", String(target.port), "-o", options.join(","), target.sshfsSource, mountPoint];
}
