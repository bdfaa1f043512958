import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { execa } from "execa";
import { PullbakError, sshDestination, type ResolvedHost } from "@pullbak/core";

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

/** The recorded entries for a host in a known_hosts file (hashed or not); none when the file is missing. */
async function recordedEntries(knownHostsFile: string, name: string): Promise<string> {
  const { stdout } = await execa("ssh-keygen", ["-F", name, "-f", knownHostsFile], { reject: false });
  return stdout
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"))
    .join("\n");
}

/**
 * What the host offers now, asked over the network (ed25519 first). This is
 * unauthenticated: it is compared with the recorded key, or shown to the
 * admin to compare by hand, never trusted on its own. `--` keeps an address
 * from being read as an option. ssh-keyscan has no HostKeyAlias, so each
 * line is renamed to the name the key is pinned under (issue 14: a
 * tunnelled host's name, never `[127.0.0.1]:PORT`).
 */
async function offeredEntries(host: ResolvedHost): Promise<string> {
  const destination = sshDestination(host);
  const result = await execa(
    "ssh-keyscan",
    ["-T", String(host.ssh.connectTimeout), "-p", String(destination.port), "-t", "ed25519,ecdsa,rsa", "--", destination.address],
    { reject: false, stdin: "ignore" },
  );
  const lines = result.stdout
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"))
    .map((line) => `${destination.knownHostsName} ${line.split(" ").slice(1).join(" ")}`);
  if (lines.length === 0) {
    throw new PullbakError("CLIENT_UNREACHABLE", `host ${host.name}: no ssh host key from ${destination.label} (${result.stderr.trim().split("\n").pop() || "no answer"})`);
  }
  return lines.join("\n");
}

/** The recorded host key compared with the offered one. */
export interface HostKeyComparison {
  /** How known_hosts names the host (`addr`, `[addr]:port`, or a tunnelled host's name). */
  name: string;
  knownHostsFile: string;
  /** Recorded fingerprints, `SHA256:… (ED25519)`; empty when the host is not recorded. */
  known: string[];
  /** Fingerprints of what the host offers now. */
  offered: string[];
  /** The offered keys as known_hosts lines (what recording would append). */
  offeredLines: string;
  /** `match`: a recorded key is offered; `unknown`: nothing recorded; `mismatch`: recorded, but not offered. */
  status: "match" | "unknown" | "mismatch";
}

/**
 * Compares the client's host key with pullbak's known_hosts without changing
 * anything. Throws CLIENT_UNREACHABLE when the host offers no key.
 */
export async function compareHostKey(host: ResolvedHost): Promise<HostKeyComparison> {
  const name = sshDestination(host).knownHostsName;
  const knownHostsFile = host.ssh.knownHostsFile;
  const offeredLines = await offeredEntries(host);
  const offered = await fingerprints(offeredLines);
  const known = await fingerprints(await recordedEntries(knownHostsFile, name));
  const status = known.length === 0 ? "unknown" : offered.some((p) => known.includes(p)) ? "match" : "mismatch";
  return { name, knownHostsFile, known, offered, offeredLines, status };
}

/** The refusal for a changed host key: names the host and both fingerprints, and how to accept a known-good change. */
export function hostKeyChanged(host: ResolvedHost, comparison: HostKeyComparison): PullbakError {
  const { name, knownHostsFile, known, offered } = comparison;
  return new PullbakError(
    "HOST_KEY_MISMATCH",
    `host ${host.name} (${name}): the host key changed: ${knownHostsFile} has ${known.join(", ")}, the host offers ${offered.join(", ")}; if the change is expected, remove the old entry with ssh-keygen -R '${name}' -f ${knownHostsFile}`,
  );
}

/**
 * First contact: record the host key the client offers, showing its
 * fingerprint so the admin can compare it with the client's console. A key
 * that differs from the recorded one is refused, never replaced.
 */
export async function recordHostKey(host: ResolvedHost): Promise<{ fingerprints: string[]; recorded: boolean }> {
  const comparison = await compareHostKey(host);
  if (comparison.status === "match") return { fingerprints: comparison.known, recorded: false };
  if (comparison.status === "mismatch") throw hostKeyChanged(host, comparison);
  const file = comparison.knownHostsFile;
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await appendFile(file, `${comparison.offeredLines}\n`, { mode: 0o600 });
  return { fingerprints: comparison.offered, recorded: true };
}
