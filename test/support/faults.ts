/**
 * Fault injection for the reliability tests: a scenario per test (own state
 * dir, repository and config over the lab's hosts), bulk data and a slow
 * link so a backup lasts long enough to break it mid-run, a `pullbak run` in
 * the background, and the checks the morning after: nothing mounted, no
 * namespace, no lock, no borg left, `borg check` passing.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { access, mkdir, readdir, readFile, readlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { loadConfig } from "@pullbak/core";
import type { Lab, LabHost } from "@pullbak/lab";
import { execa } from "execa";
import { PULLBAK_BIN, pullbakWithConfig } from "./pullbak.js";


export interface CliResult {
  exitCode: number;
  signal?: string;
  stdout: string;
  stderr: string;
}

/** One test's world: its own config, state dir and repositories over the lab's hosts. */
export interface Scenario {
  lab: Lab;
  name: string;
  configFile: string;
  stateDir: string;
  /** Where repositories go; `{host}` is filled in. */
  repositories: string;
  repository(host: LabHost): string;
}

export interface ScenarioOptions {
  /** `ssh.aliveInterval`: the watchdog probes every this many seconds. */
  aliveInterval?: number;
  lockWait?: number;
  /** Where repositories go; `{host}` is filled in. */
  repositories?: string;
  /** Another scenario's state dir, to share its locks and journal. */
  stateDir?: string;
  hooks?: string[];
  plugins?: string[];
  /** The hosts' `timeout` (issue #10), e.g. "5s". */
  timeout?: string;
}

/** The client tree a scenario backs up: only its own data, so runs are short and predictable. */
export const DATA_DIR = "/srv/reliability";

export async function scenario(lab: Lab, name: string, options: ScenarioOptions = {}): Promise<Scenario> {
  const { config } = await loadConfig(lab.configFile);
  const stateDir = options.stateDir ?? join(lab.dir, `state-${name}`);
  const repositories = options.repositories ?? join(lab.dir, `repos-${name}`, "{host}");
  const defaults = {
    ...config.defaults,
    sources: [DATA_DIR],
    ssh: { ...config.defaults?.ssh, ...(options.aliveInterval ? { aliveInterval: options.aliveInterval } : {}) },
    repository: { ...config.defaults?.repository, path: repositories },
    ...(options.lockWait !== undefined ? { lockWait: options.lockWait } : {}),
    ...(options.hooks ? { hooks: options.hooks } : {}),
    ...(options.timeout ? { timeout: options.timeout } : {}),
  };
  const written = { ...config, stateDir, defaults, ...(options.plugins ? { plugins: options.plugins } : {}) };
  const configFile = join(lab.dir, `${name}.yaml`);
  await writeFile(configFile, `${JSON.stringify(written, null, 2)}\n`);
  return { lab, name, configFile, stateDir, repositories, repository: (host) => repositories.replaceAll("{host}", host.name) };
}

/** `pullbak --config <scenario> ARGS...`, to the end. */
export async function pullbak(s: Scenario, ...args: string[]): Promise<CliResult> {
  return pullbakWithConfig(s.configFile, ...args);
}

export interface RunningPullbak {
  pid: number;
  /** Resolves when pullbak exits, with when it did. */
  done: Promise<CliResult & { endedAt: number }>;
}

/**
 * `pullbak run` in the background, in a process group of its own as a shell
 * starts a job, so a test can send SIGINT to the group as a terminal's
 * Ctrl-C does.
 */
export function startPullbak(s: Scenario, ...args: string[]): RunningPullbak {
  const child = spawn(process.execPath, [PULLBAK_BIN, "--config", s.configFile, ...args], { stdio: ["ignore", "pipe", "pipe"], detached: true });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
  child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  const done = new Promise<CliResult & { endedAt: number }>((resolve) => {
    child.on("close", (code, signal) => resolve({ exitCode: code ?? -1, ...(signal ? { signal } : {}), stdout, stderr, endedAt: Date.now() }));
  });
  return { pid: child.pid!, done };
}

/** The last line pullbak wrote to stderr: its one-line verdict. */
export function verdict(result: CliResult): string {
  return result.stderr.trim().split("\n").at(-1) ?? "";
}

/** `count` files of `megabytes` MB of random data (nothing to compress or deduplicate) under the client's DATA_DIR. */
export async function seedBulk(host: LabHost, count: number, megabytes: number): Promise<void> {
  const dir = join(host.rootDir, DATA_DIR);
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i++) await writeFile(join(dir, `bulk-${i}.bin`), randomBytes(megabytes * 1024 * 1024));
}

/** Caps what the client sends (its eth0, inside its netns), so a backup of a few tens of MB lasts seconds. */
export async function slowLink(host: LabHost, mbit: number): Promise<void> {
  await execa("ip", ["netns", "exec", host.netns, "tc", "qdisc", "replace", "dev", "eth0", "root", "tbf", "rate", `${mbit}mbit`, "burst", "64kb", "latency", "400ms"]);
}

/** The host's end of its link in the server's namespace (`pblNsrv` for netns `pullbak-lab-N`). */
export function serverSideLink(host: LabHost): string {
  return `pbl${host.netns.slice("pullbak-lab-".length)}srv`;
}

/** Children of `pid`, from /proc. */
async function childrenOf(pid: number): Promise<number[]> {
  const tasks = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
  const lists = await Promise.all(tasks.map((task) => readFile(`/proc/${pid}/task/${task}/children`, "utf8").catch(() => "")));
  return lists.join(" ").split(/\s+/).filter(Boolean).map(Number);
}

/** Children, grandchildren...: with isolation chroot borg runs below the script that forwards signals to its PID namespace. */
async function descendantsOf(pid: number): Promise<number[]> {
  const found: number[] = [];
  for (let pending = await childrenOf(pid); pending.length > 0; ) {
    found.push(...pending);
    pending = (await Promise.all(pending.map(childrenOf))).flat();
  }
  return found;
}

async function cmdline(pid: number): Promise<string> {
  return (await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "")).replaceAll("\0", " ");
}

/**
 * Waits until pullbak's `borg create` has read `bytes` from the client (its
 * /proc/PID/io), i.e. the backup is under way; returns borg's pid.
 */
export async function borgUnderWay(pullbakPid: number, bytes: number, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const pid of await descendantsOf(pullbakPid)) {
      if (!/\bborg create\b/.test(await cmdline(pid))) continue;
      const io = await readFile(`/proc/${pid}/io`, "utf8").catch(() => "");
      const read = Number(/^rchar: (\d+)/m.exec(io)?.[1] ?? 0);
      if (read >= bytes) return pid;
    }
    await sleep(50);
  }
  throw new Error(`borg create of pullbak pid ${pullbakPid} did not read ${bytes} bytes within ${timeoutMs} ms`);
}

/**
 * The server's `borg serve` of a run (isolation chroot: the one process that
 * holds the repository's lock; the client's borg only talks to it), or
 * undefined when the run has none.
 */
export async function borgServeOf(pullbakPid: number): Promise<number | undefined> {
  for (const pid of await descendantsOf(pullbakPid)) if (/\bborg serve\b/.test(await cmdline(pid))) return pid;
  return undefined;
}

/** Live (not zombie) processes whose command line satisfies `match`. */
async function liveProcessesWhere(match: (line: string) => boolean): Promise<number[]> {
  const found: number[] = [];
  for (const name of await readdir("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || !match(await cmdline(pid))) continue;
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
    if (stat && stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z") found.push(pid);
  }
  return found;
}

/** Running `borg serve` processes restricted to this repository (isolation chroot's channel, issue #10). */
export function serveProcesses(repository: string): Promise<number[]> {
  return liveProcessesWhere((line) => /\bborg serve\b/.test(line) && line.includes(repository));
}

/** Running borg processes working on this archive (they name it on their command line). */
export function borgProcesses(archive: string): Promise<number[]> {
  return liveProcessesWhere((line) => /\bborg\b/.test(line) && line.includes(`::${archive}`));
}

/** The server's own borg on a scenario's repository, the passphrase on fd 3 as pullbak hands it over. */
export async function serverBorg(s: Scenario, ...args: string[]): Promise<CliResult> {
  const passphrase = await readFile(s.lab.passphraseFile);
  const result = await execa("borg", args, {
    env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", BORG_PASSPHRASE_FD: "3", BORG_BASE_DIR: join(s.lab.dir, `borg-${s.name}`), BORG_RELOCATED_REPO_ACCESS_IS_OK: "yes", LANG: "C.UTF-8" },
    extendEnv: false,
    stdio: ["ignore", "pipe", "pipe", passphrase],
    reject: false,
    timeout: 120_000,
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Archive names in the repository, checkpoints included. */
export async function archivesWithCheckpoints(s: Scenario, host: LabHost): Promise<string[]> {
  const listed = await serverBorg(s, "list", "--consider-checkpoints", "--short", s.repository(host));
  if (listed.exitCode !== 0) throw new Error(`borg list failed: ${listed.stderr}`);
  return listed.stdout.split("\n").filter(Boolean);
}

/** Mount table lines of this scenario (its state dir) or of the host's address; polled briefly, as unmounts settle. */
export async function mountsLeft(s: Scenario, host: LabHost): Promise<string[]> {
  for (let attempt = 0; ; attempt++) {
    const lines = (await readFile("/proc/self/mountinfo", "utf8")).split("\n").filter((line) => line.includes(s.stateDir) || line.includes(`${host.address}:`));
    if (lines.length === 0 || attempt === 50) return lines;
    await sleep(100);
  }
}

/** Whether a process is a zombie (already dead, waiting to be reaped). */
async function zombie(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  return stat === "" || stat.slice(stat.lastIndexOf(")") + 2)[0] === "Z";
}

/**
 * Live processes of a scenario's runs: any whose command line names its
 * state dir (nsenter, unshare, borg, the chroot script) or the host's
 * address (sshfs, ssh). None may outlive pullbak (issue #10).
 */
export async function runProcesses(s: Scenario, host: LabHost): Promise<string[]> {
  const found: string[] = [];
  // `root@10.0.0.1:/` (sshfs) or `root@10.0.0.1 ` (ssh), never 10.0.0.12's.
  const atHost = new RegExp(`@${host.address.replaceAll(".", "\\.")}(:|\\s|$)`);
  for (const name of await readdir("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const line = await cmdline(pid);
    if ((line.includes(s.stateDir) || atHost.test(line)) && !(await zombie(pid))) found.push(`pid ${pid}: ${line.trim()}`);
  }
  return found;
}

/**
 * Mounts of a scenario (its state dir, or the host's address as sshfs's
 * source) in any mount namespace on the server: every process's table,
 * each namespace read once. Issue #10: no namespace but the run's own ever
 * holds them, and that one is gone after the run.
 */
export async function mountsInAnyNamespace(s: Scenario, host: LabHost, skip: ReadonlySet<number> = new Set()): Promise<string[]> {
  const seen = new Set<string>();
  const found: string[] = [];
  for (const name of await readdir("/proc")) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || skip.has(pid)) continue;
    const ns = await readlink(`/proc/${pid}/ns/mnt`).catch(() => undefined);
    if (ns === undefined || seen.has(ns)) continue;
    seen.add(ns);
    const table = await readFile(`/proc/${pid}/mountinfo`, "utf8").catch(() => "");
    for (const line of table.split("\n")) if (line.includes(s.stateDir) || line.includes(`${host.address}:`)) found.push(`${ns} (pid ${pid}): ${line}`);
  }
  return found;
}

/** Network namespaces other than the lab hosts' own: pullbak must create none that outlive a run. */
export async function foreignNetns(): Promise<string[]> {
  const { stdout } = await execa("ip", ["netns", "list"]);
  return stdout
    .split("\n")
    .map((line) => line.split(" ")[0]!)
    .filter((name) => name !== "" && !/^pullbak-lab-\d+$/.test(name));
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Whether borg's cache of the host (in the state dir) holds a lock. */
async function cacheLocked(s: Scenario, host: LabHost): Promise<boolean> {
  const cache = join(s.stateDir, "hosts", host.name, "borg", "cache");
  for (const entry of await readdir(cache).catch(() => [] as string[])) if (await exists(join(cache, entry, "lock.roster"))) return true;
  return false;
}

/**
 * What the admin checks the morning after: nothing of the run mounted (in
 * any mount namespace), no process of it alive, no network namespace of it, the host lock released, no borg of it running, the
 * repository unlocked and consistent.
 */
export async function morningAfter(s: Scenario, host: LabHost, archive: string) {
  for (let i = 0; i < 100 && (await borgProcesses(archive)).length > 0; i++) await sleep(100);
  const check = await serverBorg(s, "check", s.repository(host));
  return {
    mounts: await mountsLeft(s, host),
    namespaceMounts: await mountsInAnyNamespace(s, host),
    processes: await runProcesses(s, host),
    netns: await foreignNetns(),
    hostLock: await exists(join(s.stateDir, "locks", `${host.name}.lock`)),
    borg: await borgProcesses(archive),
    repositoryLock: (await exists(join(s.repository(host), "lock.roster"))) || (await cacheLocked(s, host)),
    borgCheck: check.exitCode === 0 ? "ok" : `borg check exit ${check.exitCode}: ${check.stderr.trim()}`,
  };
}

/** What `morningAfter` reports when all is well. */
export const CLEAN = { mounts: [], namespaceMounts: [], processes: [], netns: [], hostLock: false, borg: [], repositoryLock: false, borgCheck: "ok" };
