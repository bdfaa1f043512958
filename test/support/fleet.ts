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

/** Every descendant of `root`, from /proc (children of children...). */
async function descendantsOf(root: number): Promise<Set<number>> {
  const parent = new Map<number, number>();
  for (const name of await readdir("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (Number.isInteger(ppid)) parent.set(pid, ppid);
  }
  const found = new Set<number>();
  for (const pid of parent.keys()) {
    for (let up = parent.get(pid); up !== undefined && up > 1; up = parent.get(up)) {
      if (up === root) {
        found.add(pid);
        break;
      }
    }
  }
  return found;
}

/**
 * Waits until a `borg create` under pullbak `pullbakPid` of an archive named
 * `<host>-...` has read `bytes` from the client; returns its pid. Only this
 * pullbak's descendants count: other labs on the machine name hosts alike.
 */
export async function hostBorgUnderWay(pullbakPid: number, host: LabHost, bytes: number, timeoutMs = 180_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const pid of await descendantsOf(pullbakPid)) {
      const line = await cmdline(pid);
      if (!/\bborg create\b/.test(line) || !line.includes(`::${host.name}-`)) continue;
      const io = await readFile(`/proc/${pid}/io`, "utf8").catch(() => "");
      if (Number(/^rchar: (\d+)/m.exec(io)?.[1] ?? 0) >= bytes) return pid;
    }
    await sleep(100);
  }
  throw new Error(`no borg create for ${host.name} under pid ${pullbakPid} read ${bytes} bytes within ${timeoutMs} ms`);
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
