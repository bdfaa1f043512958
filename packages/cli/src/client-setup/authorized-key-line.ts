/**
 * One authorized_keys line: `restrict` takes away forwarding, pty and rc; the
 * forced command is the only thing the key can run, whatever the server asks.
 */
export function authorizedKeyLine(forcedCommand: string, publicKey: string): string {
  const escaped = forcedCommand.replaceAll("\\", "\\\\").replaceAll('"', '\\"');
  return `restrict,command="${escaped}" ${publicKey}`;
}

/** What the client's sshd_config needs for pull backups. */
export const clientSshdConfig = [
  "PermitRootLogin forced-commands-only",
  "PasswordAuthentication no",
  "KbdInteractiveAuthentication no",
  "PubkeyAuthentication yes",
  "Subsystem sftp internal-sftp",
];
