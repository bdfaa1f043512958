import { NO_SSH_CONFIG } from "./ssh-options.js";
import type { SshfsFeatures } from "./sshfs-features.js";
import type { SshTarget } from "./ssh-target.js";

export interface SshfsSettings {
  readOnly: boolean;
  reconnect: boolean;
  dirCache: boolean;
}

/**
 * sshfs in its default (daemon) mode: it returns once the mount is up, or
 * fails. Every option value was validated by SshTarget, so joining them
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
  return ["sshfs", ...NO_SSH_CONFIG, "-p", String(target.port), "-o", options.join(","), target.sshfsSource, mountPoint];
}
