import { createHash } from "node:crypto";
import type { Job } from "@pullbak/core";

export interface Fingerprint {
  /** ED25519, ECDSA, RSA... as ssh prints it. */
  type: string;
  /** SHA256:base64 */
  sha256: string;
}

const keyTypeNames: Record<string, string> = {
  "ssh-ed25519": "ED25519",
  "ssh-rsa": "RSA",
  "ssh-dss": "DSA",
  "ecdsa-sha2-nistp256": "ECDSA",
  "ecdsa-sha2-nistp384": "ECDSA",
  "ecdsa-sha2-nistp521": "ECDSA",
  "sk-ssh-ed25519@openssh.com": "ED25519-SK",
  "sk-ecdsa-sha2-nistp256@openssh.com": "ECDSA-SK",
};

/** The fingerprint ssh shows for a public key blob: SHA256 of the decoded key, unpadded base64. */
export function fingerprintOf(keyType: string, base64Key: string): Fingerprint {
  const digest = createHash("sha256").update(Buffer.from(base64Key, "base64")).digest("base64").replace(/=+$/, "");
  return { type: keyTypeNames[keyType] ?? keyType, sha256: `SHA256:${digest}` };
}

/** `ssh-keygen -l -F` lines: `name TYPE SHA256:...` (comments start with #). */
export function parseKeygenFingerprints(output: string): Fingerprint[] {
  const found: Fingerprint[] = [];
  for (const line of output.split("\n")) {
    const match = /^[^#\s]\S*\s+(\S+)\s+(SHA256:[A-Za-z0-9+/]+)/.exec(line);
    if (match) found.push({ type: match[1]!, sha256: match[2]! });
  }
  return found;
}

/** `ssh-keyscan` lines: `name keytype base64`. */
export function parseKeyscan(output: string): Fingerprint[] {
  const found: Fingerprint[] = [];
  for (const line of output.split("\n")) {
    const match = /^[^#\s]\S*\s+(\S+)\s+([A-Za-z0-9+/]+=*)\s*$/.exec(line);
    if (match) found.push(fingerprintOf(match[1]!, match[2]!));
  }
  return found;
}

/** ssh's own "changed host key" warning names the key the server sent. */
export function offeredInSshWarning(stderr: string): Fingerprint | undefined {
  const match = /fingerprint for the (\S+) key sent by the remote host is\s+(SHA256:[A-Za-z0-9+/]+)/.exec(stderr);
  return match ? { type: match[1]!, sha256: match[2]! } : undefined;
}

export function formatFingerprints(prints: readonly Fingerprint[]): string {
  return prints.length === 0 ? "(none)" : prints.map((p) => `${p.type} ${p.sha256}`).join(", ");
}

/** What pullbak's known_hosts says about the host (hashed entries included). */
export async function knownFingerprints(job: Job, knownHostsFile: string, name: string): Promise<Fingerprint[]> {
  const result = await job.commands.run({ argv: ["ssh-keygen", "-l", "-F", name, "-f", knownHostsFile] }, { probe: true });
  return result.exitCode === 0 ? parseKeygenFingerprints(result.stdout) : [];
}

/** What the host presents right now (unauthenticated: for the error message only, never trusted). */
export async function offeredFingerprints(job: Job, address: string, port: number, timeoutSeconds: number): Promise<Fingerprint[]> {
  const result = await job.commands.run({ argv: ["ssh-keyscan", "-T", String(timeoutSeconds), "-p", String(port), "--", address] }, { probe: true });
  return parseKeyscan(result.stdout);
}
