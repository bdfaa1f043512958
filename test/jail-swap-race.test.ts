/**
 * Isolations none and userdb run the SERVER's borg on the client's tree.
 * A hostile client swaps backed-up directories for links to server paths (a
 * sentinel directory made by the test, /etc, /root, a `../..` escape) over
 * and over, for the whole run, and, from the moment borg starts until the
 * run ends, swaps the directory holding a later source (`/srv/held` of
 * `/srv/held/inner`) for a link to the sentinel (which has an `inner` too)
 * and back, again and again. Other links are simply planted. Whatever borg
 * meets, it meets inside the jail: no file of the server gets into the
 * archive, by name or by content.
 *
 * The race is real only where the server's kernel sees the link: borg opens
 * a source's parent by path, following links (its walk below a source uses
 * O_NOFOLLOW), and sshfs answers from its attribute cache (dir_cache, 20 s)
 * a name it saw as a directory moments before, so a single swap after
 * pullbak's own look at the tree was never seen by borg (this test passed on
 * the code before the jail). The runs here mount without sshfs's cache
 * (`dirCache: false`; a patient client gets the same by swapping for longer
 * than the cache lasts) and swap all the time: before the jail (commit
 * 2636f6d, isolation none), this brought the sentinel's `inner` file, name and
 * content, into the archive.
 */
import { randomBytes } from "node:crypto";
import { lstatSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { loadConfig } from "@pullbak/core";
import type { Lab, LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onDisk, pullbak, type CliResult } from "./restore-helpers.js";

const env = useLab(1);

const VICTIMS = 12;
/** A relative link climbing out of any mount point on this machine (the kernel stops at /). */
const ESCAPE = "../".repeat(16);
/** Read first, so that borg is busy while the swapping starts. */
const BIG_BYTES = 32 * 1024 * 1024;

let lab: Lab;
let host: LabHost;
let config: string;
let sentinel: string;
/** In the sentinel's file, found nowhere else: seen in an archive, a server file got in. */
const secret = `race-sentinel-content-${randomBytes(8).toString("hex")}`;

const victim = (n: number) => `/srv/race/v${String(n).padStart(2, "0")}`;
/** Where each victim's link points: the sentinel, the server's /etc and /root, an escape to the sentinel. */
function targetOf(n: number): string {
  return [sentinel, "/etc", "/root", `${ESCAPE}${sentinel.slice(1)}`][n % 4]!;
}
const PLANTED = () => ({ "/srv/race/planted-sentinel": sentinel, "/srv/race/planted-etc": "/etc", "/srv/race/planted-root": "/root", "/srv/race/planted-escape": `${ESCAPE}${sentinel.slice(1)}` });

interface Item {
  type: string;
  path: string;
  linktarget: string;
}

/** The server's borg with the lab's passphrase on fd 3. */
async function borg(args: string[], encoding: "utf8" | "buffer" = "utf8"): Promise<string | Uint8Array> {
  const passphrase = await readPassphrase();
  const result = await execa("borg", args, {
    env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", BORG_PASSPHRASE_FD: "3", BORG_BASE_DIR: join(lab.dir, "test-borg"), BORG_RELOCATED_REPO_ACCESS_IS_OK: "yes", LANG: "C.UTF-8" },
    extendEnv: false,
    stdio: ["ignore", "pipe", "pipe", passphrase],
    encoding: encoding === "buffer" ? "buffer" : "utf8",
    reject: false,
  });
  if (result.exitCode !== 0) throw new Error(`borg ${args.join(" ")} exited ${result.exitCode}: ${String(result.stderr)}`);
  return result.stdout as string | Uint8Array;
}

async function readPassphrase(): Promise<Buffer> {
  const { readFile } = await import("node:fs/promises");
  return readFile(lab.passphraseFile);
}

async function items(archive: string): Promise<Item[]> {
  const text = (await borg(["list", "--json-lines", `${join(lab.dir, "repos", host.name)}::${archive}`])) as string;
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Item);
}

/** True once a borg create of this archive is running (its argv names the archive). */
async function borgStarted(archive: string): Promise<boolean> {
  const { stdout } = await execa("pgrep", ["-f", `borg create .*::${archive}`], { reject: false });
  return stdout.trim() !== "";
}

/**
 * Swaps every victim directory with its link and back, again and again,
 * until `done`, and, once `held()` says so, the directory of the later
 * source too (a link most of the time, a directory for moments); returns
 * how many swaps it made. Two renames each way: in between, the name briefly
 * does not exist (borg may warn it vanished).
 */
async function swapUntil(done: () => boolean, held: () => boolean): Promise<number> {
  const heldPath = onDisk(host, "/srv/held");
  let swaps = 0;
  while (!done()) {
    const swapHeld = held();
    if (swapHeld) {
      await rename(heldPath, `${heldPath}.parked`);
      await rename(`${heldPath}.link`, heldPath);
    }
    for (let n = 0; n < VICTIMS && !done(); n++) {
      const path = onDisk(host, victim(n));
      await rename(path, `${path}.parked`);
      await rename(`${path}.link`, path);
      await sleep(1);
      await rename(path, `${path}.link`);
      await rename(`${path}.parked`, path);
      swaps++;
    }
    if (swapHeld) {
      await rename(heldPath, `${heldPath}.link`);
      await rename(`${heldPath}.parked`, heldPath);
      swaps++;
    }
  }
  return swaps;
}

/**
 * A backup with `isolation`, swapping the victims from its start and the
 * held directory from the moment borg starts (before that, pullbak may look
 * at the sources itself); the run's result and the swaps made.
 */
async function racedRun(isolation: string, archive: string): Promise<{ result: CliResult; swaps: number; sawBorg: boolean }> {
  await utimes(onDisk(host, "/srv/slow/big.bin"), new Date(), new Date()); // read again, not skipped by the files cache
  let finished = false;
  let sawBorg = false;
  const run = pullbak(config, "run", host.name, "--plugin", isolation, "--archive", archive).finally(() => (finished = true));
  const watch = (async () => {
    while (!finished && !(sawBorg = await borgStarted(archive))) await sleep(20);
  })();
  const swaps = await swapUntil(
    () => finished,
    () => sawBorg,
  );
  await watch;
  return { swaps, result: await run, sawBorg };
}

/** Everything under /srv/race is the client's own: victims, their parked twins, own-NN.txt, links as links. */
/**
 * The client's sftp-server follows a link on the CLIENT when it opens a
 * directory: a victim swapped for `/etc` between borg's lstat and its
 * opendir is listed as the client's own /etc. That is the client's data
 * under another name, not the server's; it counts as such only when the
 * client's own tree (on its disk) has the entry at the link's target.
 */
function clientOwnBehindLink(path: string): boolean {
  const match = /^srv\/race\/v(\d\d)(?:\.parked|\.link)?\/(.+)$/.exec(path);
  if (!match) return false;
  const target = targetOf(Number(match[1]));
  if (!target.startsWith("/") || target.startsWith(sentinel)) return false;
  return lstatSync(onDisk(host, `${target}/${match[2]}`), { throwIfNoEntry: false }) !== undefined;
}

function serverFilesIn(list: Item[]): string[] {
  const links = new Map<string, string>(Object.entries(PLANTED()).map(([path, target]) => [path.slice(1), target]));
  for (let n = 0; n < VICTIMS; n++) for (const suffix of ["", ".link", ".parked"]) links.set(`${victim(n).slice(1)}${suffix}`, targetOf(n));
  const bad: string[] = [];
  for (const item of list) {
    if (item.path.startsWith("srv/held/")) {
      if (item.path !== "srv/held/inner" && item.path !== "srv/held/inner/own-held.txt") bad.push(item.path);
      continue;
    }
    if (!item.path.startsWith("srv/race/")) continue;
    if (clientOwnBehindLink(item.path)) continue;
    const name = item.path.split("/").at(-1)!;
    if (item.type === "l") {
      if (links.get(item.path) !== item.linktarget) bad.push(`${item.path} -> ${item.linktarget}`);
    } else if (item.type === "d") {
      if (!/^srv\/race\/v\d\d(\.parked|\.link)?$/.test(item.path)) bad.push(`${item.path}/`);
    } else if (!/^own-\d\d\.txt$/.test(name) || !/^srv\/race\/v\d\d(\.parked|\.link)?\/own-\d\d\.txt$/.test(item.path)) {
      bad.push(item.path);
    }
  }
  return bad;
}

beforeAll(async () => {
  lab = env.lab;
  host = lab.hosts[0]!;
  sentinel = await mkdtemp("/tmp/pullbak-race-sentinel-");
  await writeFile(join(sentinel, "race-sentinel-secret.txt"), `${secret}\n`);
  await mkdir(join(sentinel, "subdir"));
  await writeFile(join(sentinel, "subdir", "race-sentinel-deeper.txt"), `${secret}\n`);
  await mkdir(join(sentinel, "inner"));
  await writeFile(join(sentinel, "inner", "race-sentinel-inner.txt"), `${secret}\n`);
  await mkdir(onDisk(host, "/srv/held/inner"), { recursive: true });
  await writeFile(onDisk(host, "/srv/held/inner/own-held.txt"), "the client's own held file\n");
  await symlink(sentinel, onDisk(host, "/srv/held.link"));

  await mkdir(onDisk(host, "/srv/slow"), { recursive: true });
  await writeFile(onDisk(host, "/srv/slow/big.bin"), randomBytes(BIG_BYTES));
  for (let n = 0; n < VICTIMS; n++) {
    const dir = onDisk(host, victim(n));
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `own-${String(n).padStart(2, "0")}.txt`), `the client's own file ${n}\n`);
    await symlink(targetOf(n), `${dir}.link`);
  }
  for (const [path, target] of Object.entries(PLANTED())) await symlink(target, onDisk(host, path));

  const { config: base } = await loadConfig(lab.configFile);
  config = join(lab.dir, "race.yaml");
  // No sshfs cache: the server's kernel sees each swap as it happens (see the top of this file).
  const options = { ...base.defaults.options, sshfs: { ...base.defaults.options?.["sshfs"], dirCache: false } };
  await writeFile(config, `${JSON.stringify({ ...base, defaults: { ...base.defaults, options, sources: ["/srv/slow", "/srv/race", "/srv/held/inner"] } }, null, 2)}\n`);
  const init = await pullbak(config, "init", host.name);
  if (init.exitCode !== 0) throw new Error(`pullbak init exited ${init.exitCode}: ${init.stderr}`);
}, 120_000);

afterAll(async () => {
  if (sentinel) await rm(sentinel, { recursive: true, force: true });
});

describe.each(["none", "userdb"])("isolation %s", (isolation) => {
  it("archives planted links to server paths as links, and nothing they point at", async () => {
    const archive = `planted-${isolation}`;
    const result = await pullbak(config, "run", host.name, "--plugin", isolation, "--archive", archive);
    expect(result.exitCode, result.stderr).toBe(0);
    const list = await items(archive);
    for (const [path, target] of Object.entries(PLANTED())) expect(list.find((item) => item.path === path.slice(1)), path).toMatchObject({ type: "l", linktarget: target });
    expect(serverFilesIn(list)).toEqual([]);
  });

  it("brings no server file into the archive when directories are swapped for links while borg runs", async () => {
    const archive = `raced-${isolation}-${randomBytes(4).toString("hex")}`;
    const { result, swaps, sawBorg } = await racedRun(isolation, archive);
    console.info(`isolation ${isolation}: ${swaps} swaps while borg ran; pullbak exited ${result.exitCode}`);
    expect(sawBorg).toBe(true);
    expect(swaps).toBeGreaterThan(VICTIMS);
    // A victim's name is briefly missing during a swap: borg may warn that it vanished (exit 1).
    expect([0, 1], result.stderr).toContain(result.exitCode);
    const list = await items(archive);
    expect(serverFilesIn(list)).toEqual([]);
    expect(list.filter((item) => item.path.includes("race-sentinel"))).toEqual([]);
    const tar = Buffer.from((await borg(["export-tar", `${join(lab.dir, "repos", host.name)}::${archive}`, "-", "srv/race"], "buffer")) as Uint8Array);
    expect(tar.length).toBeGreaterThan(0);
    expect(tar.includes(secret)).toBe(false);
  });
});
