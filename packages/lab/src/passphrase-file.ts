import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { hasErrnoCode } from "./errno.js";

/**
 * Writes a random repository passphrase (mode 0600) unless the file exists:
 * repositories made with it under the lab dir stay readable across ups.
 * `wx` makes creation atomic, so the mode is right from the first byte.
 */
export async function ensurePassphraseFile(path: string): Promise<void> {
  try {
    await writeFile(path, `${randomBytes(32).toString("base64url")}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if (!hasErrnoCode(error, "EEXIST")) throw error;
  }
}
