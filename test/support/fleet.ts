/** What the fleet tests look at: a host's run records, a host's borg create, processes of a run. */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { readRunRecords, type RunRecord } from "@pullbak/core";
import type { LabHost } from "@pullbak/lab";
import { DATA_DIR, type Scenario } from "./faults.js";

/** A tiny `sources` tree on the client: one small file, so a backup takes a second or two. */
export async function seedTiny(host: LabHost): Promise<void> {
  const dir = join(host.rootDir, DATA_DIR);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "motd"), `hello from ${host.name}\n`);
}

/** The host's run records, oldest first, as `pullbak status` reads them. */
export function recordsOf(s: Scenario, host: LabHost): Promise<RunRecord[]> {
  return readRunRecords(join(s.stateDir, "hosts", host.name));
}

async function cmdline(pid: number): Promise<string> {
  return (await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "")).replaceAll("\0", " ");
}

/** Waits until a `borg create` of an archive named `<host>-...` has read `bytes` from the client; returns its pid. */
export async function hostBorgUnderWay(host: LabHost, bytes: number, timeoutMs = 90_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const name of await readdir("/proc")) {
      const pid = Number(name);
      if (!Number.isInteger(pid)) continue;
      const line = await cmdline(pid);
      if (!/\bborg create\b/.test(line) || !line.includes(`::${host.name}-`)) continue;
      const io = await readFile(`/proc/${pid}/io`, "utf8").catch(() => "");
      if (Number(/^rchar: (\d+)/m.exec(io)?.[1] ?? 0) >= bytes) return pid;
    }
    await sleep(50);
  }
  throw new Error(`no borg create for ${host.name} read ${bytes} bytes within ${timeoutMs} ms`);
}

/**
 * Live processes whose command line names the scenario's state dir (sshfs,
 * borg, chroot helpers of a run); polled for up to 15 s: an unmounted sshfs
 * exits only once no mount namespace holds a copy of its mount, and a
 * parallel host's chroot namespace may still be going away (issue #10 moves
 * each sshfs into its run's own namespace).
 */
export async function processesOf(s: Scenario): Promise<string[]> {
  for (let attempt = 0; ; attempt++) {
    const found = await processesNaming(s.stateDir);
    if (found.length === 0 || attempt === 150) return found;
    await sleep(100);
  }
}

async function processesNaming(text: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await readdir("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const line = await cmdline(pid);
    if (line.includes(text)) found.push(`${pid}: ${line}`);
  }
  return found;
}
