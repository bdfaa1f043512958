/** Paths inside the host's root, as its sshd sees them after chroot. */
export const SSHD_PID_FILE = "/run/sshd.pid";
export const SSHD_LOG_FILE = "/var/log/sshd.log";
export const SSHD_CONFIG_FILE = "/etc/ssh/sshd_config";
export const SSHD_HOST_KEY = "/etc/ssh/ssh_host_ed25519_key";

/**
 * The sshd_config pullbak's docs prescribe for clients: root may log in only
 * with a key that carries a forced command, and there is no password or
 * keyboard-interactive way in at all. sftp is served in-process
 * (`internal-sftp`), so the host needs no sftp-server binary.
 */
export function sshdConfigText(port: number): string {
  return [
    "# Written by @pullbak/lab: a pull-mode backup client as pullbak documents it.",
    `Port ${port}`,
    `HostKey ${SSHD_HOST_KEY}`,
    `PidFile ${SSHD_PID_FILE}`,
    "PermitRootLogin forced-commands-only",
    "PubkeyAuthentication yes",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "UsePAM no",
    "AuthorizedKeysFile .ssh/authorized_keys",
    "StrictModes yes",
    "Subsystem sftp internal-sftp",
    "PrintMotd no",
    // Tests open many connections at once (sshfs, ssh masters, restores);
    // the default 10:30:100 would start dropping them at random.
    "MaxStartups 100:30:200",
    // Log each accepted key and forced command: tests and people debugging
    // a restricted key read this (the log file is given with -E).
    "LogLevel VERBOSE",
    "",
  ].join("\n");
}
