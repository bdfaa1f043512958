import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { execa } from "execa";
import { PullbakError, type ResolvedHost } from "@pullbak/core";

/** `[addr]:port` is how OpenSSH names a host on a port other than 22. */
export function knownHostsName(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

async function fingerprints(knownHostsText: string): Promise<string[]> {
  if (knownHostsText.trim() === "") return [];
  const { stdout } = await execa("ssh-keygen", ["-l", "-f", "-"], { input: knownHostsText, reject: false });
  return stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      // "256 SHA256:abc… comment (ED25519)" -> "SHA256:abc… (ED25519)"
      const words = line.split(" ");
      return `${words[1]} ${words.at(-1)}`;
    });
}

/** The recorded entries for a host in a known_hosts file (hashed or not). */
async function recordedEntries(knownHostsFile: string, name: string): Promise<string> {
  const { stdout } = await execa("ssh-keygen", ["-F", name, "-f", knownHostsFile], { reject: false });
  return stdout
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"))
    .join("\n");
}

/** What the host offers now, asked over the network (ed25519 first). */
async function offeredEntries(host: ResolvedHost): Promise<string> {
  const result = await execa("ssh-keyscan", ["-T", String(host.ssh.connectTimeout), "-p", String(host.ssh.port), "-t", "ed25519,ecdsa,rsa", host.address], { reject: false });
  if (result.stdout.trim() === "") {
    throw new PullbakError("CLIENT_UNREACHABLE", `host ${host.name}: no ssh host key from ${host.address}:${host.ssh.port} (${result.stderr.trim().split("\n").pop() || "no answer"})`);
  }
  return result.stdout.trim();
}

/**
 * First contact: record the host key the client offers, showing its
 * fingerprint so the admin can compare it with the client's console. A key
 * that differs from the recorded one is refused, never replaced.
 */
export async function recordHostKey(host: ResolvedHost): Promise<{ fingerprints: string[]; recorded: boolean }> {
  const name = knownHostsName(host.address, host.ssh.port);
  const file = host.ssh.knownHostsFile;
  const offered = await offeredEntries(host);
  const offeredPrints = await fingerprints(offered);
  const known = await recordedEntries(file, name);
  if (known !== "") {
    const knownPrints = await fingerprints(known);
    if (offeredPrints.some((p) => knownPrints.includes(p))) return { fingerprints: knownPrints, recorded: false };
    throw new PullbakError(
      "HOST_KEY_MISMATCH",
      `host ${host.name} (${name}): the host key changed: ${file} has ${knownPrints.join(", ")}, the host offers ${offeredPrints.join(", ")}; if the change is expected, remove the old entry with ssh-keygen -R '${name}' -f ${file}`,
    );
  }
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await appendFile(file, `${offered}\n`, { mode: 0o600 });
  return { fingerprints: offeredPrints, recorded: true };
}
