import { readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { LabError } from "./lab-error.js";
import { killNetnsProcesses } from "./netns-processes.js";
import { pathExists } from "./path-exists.js";
import { SSHD_CONFIG_FILE, SSHD_LOG_FILE, SSHD_PID_FILE } from "./sshd-config.js";

/** A fixed script shipped with the package; values reach it as "$1"... only. */
const START_SCRIPT = fileURLToPath(new URL("../libexec/start-client-sshd.sh", import.meta.url));
const START_TIMEOUT_MS = 15_000;

export interface SshdHost {
  name: string;
  hostname: string;
  netns: string;
  rootDir: string;
}

/**
 * Starts the host's sshd inside its netns, in a private mount and UTS
 * namespace, chrooted to its root tree; returns the listening sshd's PID.
 * The sshd daemonizes, so it outlives the calling process (a CLI
 * `lab up` returns while the hosts stay up).
 */
export async function launchSshd(host: SshdHost): Promise<number> {
  const pidFile = join(host.rootDir, SSHD_PID_FILE);
  await rm(pidFile, { force: true });
  try {
    await execa(
      "ip",
      ["netns", "exec", host.netns, "unshare", "--mount", "--propagation", "private", "--uts", "--",
        "/bin/sh", START_SCRIPT, host.rootDir, host.hostname, SSHD_CONFIG_FILE, SSHD_LOG_FILE],
      // The daemon points its stdio at /dev/null; ignoring stdout keeps a
      // pipe from waiting on it should that ever fail.
      { stdin: "ignore", stdout: "ignore", timeout: START_TIMEOUT_MS },
    );
    return await waitForPid(pidFile, START_TIMEOUT_MS);
  } catch (error) {
    throw new LabError("LAB_SSHD_START", `sshd of lab host ${host.name} did not start: ${describe(error)}${await logTail(host)}`, {
      cause: error,
    });
  }
}

/** Kills everything in the host's netns (the client "vanishes"); its private mounts go with it. */
export async function haltSshd(host: SshdHost): Promise<number[]> {
  const killed = await killNetnsProcesses(host.netns);
  await rm(join(host.rootDir, SSHD_PID_FILE), { force: true });
  return killed;
}

/** Whether `pid` is an sshd running inside this host's network namespace. */
export async function isHostSshd(pid: number, netns: string): Promise<boolean> {
  if (!(pid > 0)) return false;
  try {
    const comm = (await readFile(`/proc/${pid}/comm`, "utf8")).trim();
    if (comm !== "sshd") return false;
    const [inProcess, named] = await Promise.all([stat(`/proc/${pid}/ns/net`), stat(`/run/netns/${netns}`)]);
    return inProcess.ino === named.ino && inProcess.dev === named.dev;
  } catch {
    return false;
  }
}

/** sshd writes its pid file only after it listens: that is the readiness signal. */
async function waitForPid(pidFile: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const pid = Number((await readFile(pidFile, "utf8")).trim());
      if (Number.isInteger(pid) && pid > 0 && (await pathExists(`/proc/${pid}`))) return pid;
    } catch {
      // Not written yet (or half-written): sshd is still starting.
    }
    await sleep(10);
  }
  throw new Error(`no pid in ${pidFile} after ${timeoutMs} ms`);
}

function describe(error: unknown): string {
  if (error && typeof error === "object" && "stderr" in error && typeof error.stderr === "string" && error.stderr.trim()) {
    return error.stderr.trim();
  }
  return error instanceof Error ? error.message : String(error);
}

async function logTail(host: SshdHost): Promise<string> {
  const log = join(host.rootDir, SSHD_LOG_FILE);
  const text = await readFile(log, "utf8").catch(() => "");
  const tail = text.trim().split("\n").slice(-5).join("\n");
  return tail ? `\nlast lines of ${log}:\n${tail}` : "";
}
