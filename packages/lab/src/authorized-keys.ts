import type { KeyPurpose } from "./keys.js";

/**
 * The only thing each key may do on a lab host, as pullbak's docs tell users
 * to configure their clients: `restrict` turns off forwarding and ptys, and
 * `command=` replaces whatever the server asks to run. The backup key gets a
 * read-only sftp, so a compromised backup server cannot alter clients.
 */
export const FORCED_COMMANDS: Readonly<Record<KeyPurpose, string>> = {
  backup: "internal-sftp -R",
  restore: "internal-sftp",
  tar: "tar --extract --preserve-permissions --same-owner --directory=/ --file=-",
};

/** One authorized_keys line pinning `publicKey` to the purpose's command. */
export function authorizedKeyLine(purpose: KeyPurpose, publicKey: string): string {
  // The key goes verbatim into a file sshd parses: refuse anything that could
  // end the line or the options and smuggle in options of its own.
  if (!/^ssh-ed25519 [A-Za-z0-9+/=]+( [^\n\r"]*)?$/.test(publicKey)) {
    throw new Error(`not a single-line ed25519 public key: ${JSON.stringify(publicKey)}`);
  }
  return `restrict,command="${FORCED_COMMANDS[purpose]}" ${publicKey}\n`;
}
