/**
 * Hostile CODE on a client (issue #10): a Python `usercustomize.py` under the
 * client's /root/.local, which the client's own borg loads when isolation
 * chroot runs it on the server (test/fixtures/hostile-code/usercustomize.py).
 * From inside borg it plants lock links and FIFOs, leaves setuid shells,
 * goes for its own and another host's repository, chmods what it can,
 * forks a daemon and signals a process of the server's. Then, in "delete"
 * mode, it turns `borg create` into `borg delete` of every archive, through
 * the one channel it has: the server's `borg serve --append-only`.
 *
 * One lab (two hosts), one backup and one restore with the hostile code in
 * place, then the delete and its recovery as docs/restores.md tells it.
 */
import { createHash } from "node:crypto";
import { copyFile, lstat, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Lab, LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { execa, type ResultPromise } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dangerous, walk } from "./hostile-client-helpers.js";
import { pullbak, pullbakOk, seededDataConfig, type CliResult } from "./restore-helpers.js";

const env = useLab(2);
const USERCUSTOMIZE = new URL("./fixtures/hostile-code/usercustomize.py", import.meta.url);
/** The daemon the hostile code forks runs `sleep 3617`: found on the server after the run, it outlived it. */
const DAEMON_ARGS = "sleep\u00003617\u0000";

let lab: Lab;
let host: LabHost;
let other: LabHost;
let config: string;
let sentinel: string;
let sleeper: ResultPromise;
let hostile: CliResult;
let restored: CliResult;
let before: { sentinel: string; other: string };

const repository = (h: LabHost) => join(lab.dir, "repos", h.name);
const hostState = (h: LabHost) => join(lab.dir, "state", "hosts", h.name);

/** Every entry under `root` with its type, mode and content hash; links are read, never followed. */
async function digest(root: string): Promise<string> {
  const tree = await walk(root);
  const lines: string[] = [];
  for (const [relative, facts] of [...tree].sort(([a], [b]) => a.localeCompare(b))) {
    const content = facts.startsWith("f ") ? createHash("sha256").update(await readFile(join(root, relative))).digest("hex") : "";
    lines.push(`${relative} ${facts.split(" ").slice(0, 3).join(" ")} ${content}`);
  }
  return lines.join("\n");
}

/** The server's own borg on a repository (lab passphrase on fd 3, a base dir of the test's own). */
function serverBorg(...args: string[]) {
  return readFile(lab.passphraseFile).then((passphrase) =>
    execa("borg", args, {
      env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", BORG_PASSPHRASE_FD: "3", BORG_BASE_DIR: join(lab.dir, "test-borg"), BORG_RELOCATED_REPO_ACCESS_IS_OK: "yes", LANG: "C.UTF-8" },
      extendEnv: false,
      stdio: ["ignore", "pipe", "pipe", passphrase],
      reject: false,
      encoding: "buffer",
    }),
  );
}

async function archiveNames(h: LabHost): Promise<string[]> {
  const result = await serverBorg("list", "--short", repository(h));
  if (result.exitCode !== 0) throw new Error(`borg list exited ${result.exitCode}: ${Buffer.from(result.stderr).toString("utf8")}`);
  return Buffer.from(result.stdout).toString("utf8").split("\n").filter(Boolean);
}

/** Processes on the server running the hostile daemon's command line. */
async function daemons(): Promise<number[]> {
  const found: number[] = [];
  for (const name of await readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const cmdline = await readFile(`/proc/${name}/cmdline`, "latin1").catch(() => "");
    if (cmdline === DAEMON_ARGS) found.push(Number(name));
  }
  return found;
}

async function report(): Promise<{ ran: boolean; attempts: Record<string, string> }> {
  const dir = join(hostState(host), "client-code", "borg-cache");
  return JSON.parse(await readFile(join(dir, "hostile-report.json"), "utf8")) as { ran: boolean; attempts: Record<string, string> };
}

beforeAll(async () => {
  lab = env.lab;
  [host, other] = [lab.hosts[0]!, lab.hosts[1]!];
  config = await seededDataConfig(lab);
  for (const h of [host, other]) {
    await pullbakOk(config, "init", h.name);
    await pullbakOk(config, "run", h.name, "--archive", "before-1");
  }
  sentinel = join(lab.dir, "hostile-sentinel");
  await mkdir(sentinel, { recursive: true });
  await writeFile(join(sentinel, "secret.txt"), "the server's secret\n", { mode: 0o600 });
  sleeper = execa("sleep", ["600"], { reject: false });
  // The hostile code's instructions, in the client's tree.
  const dir = join(host.rootDir, "srv/hostile");
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "targets.json"), JSON.stringify({ sentinel, otherRepository: repository(other), ownRepository: repository(host) }));
  await writeFile(join(dir, "server-pid"), `${sleeper.pid}\n`);
  const python = (await execa("python3", ["-c", "import sys; print(f'python{sys.version_info[0]}.{sys.version_info[1]}')"])).stdout;
  const site = join(host.rootDir, "root/.local/lib", python, "site-packages");
  await mkdir(site, { recursive: true });
  await copyFile(USERCUSTOMIZE, join(site, "usercustomize.py"));
  before = { sentinel: await digest(sentinel), other: await digest(repository(other)) };
  hostile = await pullbak(config, "run", host.name, "--archive", "hostile-1");
  restored = await pullbak(config, "restore", host.name, "--archive", "before-1", "--plugin", "chroot-extract", "/srv/data");
}, 900_000);

afterAll(() => {
  sleeper?.kill("SIGKILL");
});

describe("hostile code inside the client's borg (isolation chroot)", () => {
  it("really ran inside the client's borg, in a PID namespace, and found no repository file", async () => {
    const { ran, attempts } = await report();
    expect(ran).toBe(true);
    for (const repo of [repository(host), "/.pullbak/repository", repository(other)]) {
      expect(attempts[`list ${repo}`], repo).toMatch(/^FileNotFoundError/);
      expect(attempts[`overwrite ${repo}/config`], repo).toMatch(/^(FileNotFoundError|OSError)/);
    }
    // Its pid 1 is its own borg (or its start-up chain), never the server's init.
    expect(attempts["SIGTERM pid 1"]).not.toBe("done");
  });

  it("the runs' exit codes and messages say what happened: the code locked its own borg out of its cache", () => {
    // The lock link it planted in its own cache dir (the only cache it has) stops its own borg, and only that.
    expect(hostile.exitCode, hostile.stderr).toBe(2);
    expect(hostile.stderr).toMatch(/^pullbak: host lab1: borg create failed \(exit 2\): Failed to create\/acquire the lock \/\.pullbak\/borg-cache\/[0-9a-f]{64}\/lock\.exclusive/m);
    // The restore's borg meets the same code again (pullbak stripped the cache before it, the code plants anew).
    expect(restored.exitCode, restored.stderr).toBe(2);
    expect(restored.stderr).toMatch(/^pullbak: host lab1: borg extract failed \(exit 2\): Failed to create\/acquire the lock \/\.pullbak\/[0-9a-f]{32}\/borg-cache\//m);
  });

  it("leaves the sentinel and another host's repository byte-identical", async () => {
    expect(await digest(sentinel)).toBe(before.sentinel);
    expect(await digest(repository(other))).toBe(before.other);
  });

  it("leaves no setuid file and no FIFO on the server, and nothing world-writable of the client's code", async () => {
    expect(await dangerous(join(lab.dir, "state"))).toEqual([]);
    expect(await dangerous(join(lab.dir, "repos"))).toEqual([]);
    const base = join(hostState(host), "client-code");
    for (const [relative, facts] of await walk(base)) expect((Number.parseInt(facts.split(" ")[1]!, 8) & 0o077) === 0, `${relative} ${facts}`).toBe(true);
    expect((await lstat(repository(host))).mode & 0o777).toBe(0o700);
  });

  it("no process of the run outlives it, and the server's own process was not signalled", async () => {
    expect(await daemons()).toEqual([]);
    expect(sleeper.exitCode).toBeNull();
    expect(sleeper.signalCode).toBeNull();
    expect(process.kill(sleeper.pid!, 0)).toBe(true);
  });

  it("the repository passes borg check, and every earlier archive is listed and extractable", async () => {
    const check = await serverBorg("check", repository(host));
    expect(check.exitCode, Buffer.from(check.stderr).toString("utf8")).toBe(0);
    expect(await archiveNames(host)).toEqual(["before-1"]);
    const tar = await serverBorg("export-tar", `${repository(host)}::before-1`, "/dev/null");
    expect(tar.exitCode, Buffer.from(tar.stderr).toString("utf8")).toBe(0);
  });

  it("the next run is not bothered by what the code left in its cache (once the code stops locking it out)", async () => {
    await writeFile(join(host.rootDir, "srv/hostile/mode"), "no-locks\n");
    const next = await pullbak(config, "run", host.name, "--archive", "hostile-2");
    expect(next.exitCode, next.stderr).toBe(0);
    expect((await report()).attempts["lock.exclusive in /.pullbak/borg-cache"]).toBeUndefined();
  });
});

describe("the repository's key, which the client's borg tries to replace through borg serve", () => {
  let keyed: CliResult;
  let configBefore: Buffer;

  beforeAll(async () => {
    configBefore = await readFile(join(repository(host), "config"));
    await writeFile(join(host.rootDir, "srv/hostile/mode"), "key\n");
    keyed = await pullbak(config, "run", host.name, "--archive", "hostile-key");
    await rm(join(host.rootDir, "srv/hostile/mode"));
  }, 300_000);

  it("is refused by the server's borg serve: the run fails and says so", () => {
    // append-only alone let `borg key change-passphrase` rewrite the repository's config (its key):
    // the server's passphrase then opened nothing.
    expect(keyed.exitCode, keyed.stderr).toBe(2);
    expect(keyed.stderr).toMatch(/RPC method save_key is not valid/);
  });

  it("stays as it was: the config is byte-identical and the server's passphrase opens every archive", async () => {
    expect((await readFile(join(repository(host), "config"))).equals(configBefore)).toBe(true);
    expect(await archiveNames(host)).toEqual(["before-1", "hostile-2"]);
  });
});

describe("archives the client's borg deletes through borg serve --append-only", () => {
  let deleted: CliResult;
  let lastGood = 0;

  beforeAll(async () => {
    const transactions = await readFile(join(repository(host), "transactions"), "utf8");
    lastGood = Number(/transaction (\d+),[^\n]*\n?$/.exec(transactions)?.[1]);
    await writeFile(join(host.rootDir, "srv/hostile/mode"), "delete\n");
    deleted = await pullbak(config, "run", host.name, "--archive", "hostile-delete");
    await rm(join(host.rootDir, "srv/hostile/mode"));
  }, 600_000);

  it("are gone from the listing, and pullbak says the backup was not made", async () => {
    expect(deleted.exitCode, deleted.stderr).toBe(2);
    expect(deleted.stderr).toMatch(/borg create exited 0 but reported no archive/);
    expect(await archiveNames(host)).toEqual([]);
  });

  it("come back following docs/restores.md, and the repository passes borg check", async () => {
    const repo = repository(host);
    const newer = (name: string) => /^\d+$/.test(name) && Number(name) > lastGood;
    for (const dir of await readdir(join(repo, "data"))) {
      for (const segment of await readdir(join(repo, "data", dir))) if (newer(segment)) await rm(join(repo, "data", dir, segment));
    }
    for (const name of await readdir(repo)) {
      const number = /^(index|hints|integrity)\.(\d+)$/.exec(name)?.[2];
      if (number && Number(number) > lastGood) await rm(join(repo, name));
    }
    const id = /^id = ([0-9a-f]+)$/m.exec(await readFile(join(repo, "config"), "utf8"))?.[1];
    const state = hostState(host);
    const caches = ["borg/cache", "borg/security", "client-code/borg-cache", "client-code/borg-security"].map((dir) => join(state, dir));
    // The test's own borg keeps its cache and security dirs under its BORG_BASE_DIR.
    caches.push(join(lab.dir, "test-borg/.cache/borg"), join(lab.dir, "test-borg/.config/borg/security"));
    for (const dir of caches) await rm(join(dir, id!), { recursive: true, force: true });
    expect(await archiveNames(host)).toEqual(["before-1", "hostile-2"]);
    const check = await serverBorg("check", repo);
    expect(check.exitCode, Buffer.from(check.stderr).toString("utf8")).toBe(0);
    await rm(join(host.rootDir, "root/.local"), { recursive: true, force: true });
    const after = await pullbak(config, "run", host.name, "--archive", "after-recovery");
    expect(after.exitCode, after.stderr).toBe(0);
  });
});
