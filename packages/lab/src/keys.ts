import { readFile } from "node:fs/promises";
import { execa } from "execa";
import { pathExists } from "./path-exists.js";

/** What each client key is for; the host's authorized_keys pins each to one command. */
export type KeyPurpose = "backup" | "restore" | "tar";
export const KEY_PURPOSES: readonly KeyPurpose[] = ["backup", "restore", "tar"];

/**
 * Makes an ed25519 key pair without passphrase at `path` (+ `.pub`), unless
 * one is there: keys are made once per lab dir, so a lab brought up again
 * keeps working with configs and known_hosts that name them.
 * ssh-keygen writes the private key with mode 0600.
 */
export async function ensureKeyPair(path: string, comment: string): Promise<void> {
  if (await pathExists(path)) return;
  await execa("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path]);
}

/** The `.pub` line of a key pair: `ssh-ed25519 AAAA... comment`. */
export async function publicKeyOf(privateKeyPath: string): Promise<string> {
  return (await readFile(`${privateKeyPath}.pub`, "utf8")).trim();
}
