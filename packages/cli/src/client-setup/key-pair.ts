import { access, chmod, mkdir, readFile, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { execa } from "execa";
import { PullbakError } from "@pullbak/core";

/** A private key readable by anyone but root is as good as leaked: refuse it. */
export async function checkPrivateKeyMode(path: string): Promise<void> {
  const mode = (await stat(path)).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new PullbakError("UNSAFE_CLIENT_PATH", `${path}: private key is readable by group or others (mode ${mode.toString(8)}); chmod 600 ${path}`);
  }
}

/** Creates an ed25519 key pair at `path` unless one is there; returns the public key line and whether it was created. */
export async function ensureKeyPair(path: string, comment: string): Promise<{ publicKey: string; created: boolean }> {
  const exists = await access(path).then(() => true, () => false);
  if (!exists) {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await execa("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path], { stdin: "ignore" });
    await chmod(path, 0o600);
  }
  await checkPrivateKeyMode(path);
  const publicKey = await readFile(`${path}.pub`, "utf8").catch(async () => (await execa("ssh-keygen", ["-y", "-f", path])).stdout);
  return { publicKey: publicKey.trim(), created: !exists };
}
