/**
 * A hostile client: symlinks planted at every path a run touches or might
 * touch, each pointing at the SERVER (a sentinel directory made for the
 * test, the lab's state dir and repositories, /etc, /root, pullbak's own
 * paths inside the chroot), absolute and as relative `../..` escapes. With
 * sshfs's no_contain_symlinks the server's kernel would resolve any of them
 * against the server's own tree if pullbak, or a program it runs, followed
 * one outside the chroot or jail.
 *
 * Then a backup (isolation chroot and none) and every restore method, each
 * watched: the server trees a followed link would change (before/after),
 * the server's mount table (during and after), the archive (links stored as
 * links, never what they point at), and the client (nothing written outside
 * the asked restore paths).
 */
import { chown, lstat, mkdir, mkdtemp, readFile, readlink, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { loadConfig } from "@pullbak/core";
import type { Lab, LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  clientChangesOutside,
  clientTree,
  namesContaining,
  serverChanges,
  serverState,
  watchMounts,
  type MountReport,
  type ServerWatch,
} from "./hostile-client-helpers.js";
import { onDisk, pullbak, type CliResult } from "./restore-helpers.js";

const env = useLab(1);

/** In every file name the test restores: found anywhere on the server, it was written through a link. */
const CANARY = "hostile-canary";
const CAROL = 1000;
/** A relative link climbing out of any mount point on this machine (the kernel stops at /). */
const ESCAPE = "../".repeat(16);

let lab: Lab;
let host: LabHost;
let config: string;
let sentinel: string;
let hostState: string;
let watch: ServerWatch;

/** Plants a symlink on the client in place of whatever is at `clientPath` (written straight to its disk). */
async function plant(clientPath: string, target: string): Promise<void> {
  const path = onDisk(host, clientPath);
  await rm(path, { recursive: true, force: true });
  await mkdir(dirname(path), { recursive: true });
  await symlink(target, path);
}

/** A directory of the backed-up data holding one canary file, owned by carol. */
async function victimDir(clientPath: string, name: string): Promise<void> {
  const dir = onDisk(host, clientPath);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${CANARY}-${name}.txt`), `canary ${name}\n`);
  await chown(join(dir, `${CANARY}-${name}.txt`), CAROL, CAROL);
  await chown(dir, CAROL, CAROL);
}

/**
 * The links a backup meets (client path -> target). Every directory a
 * program might write to (tmp dirs, borg's default cache and config dirs)
 * leads to the sentinel; the backed-up data holds links to the server's
 * sensitive trees.
 */
function backupLinks(): Record<string, string> {
  return {
    "/tmp": sentinel,
    "/var/tmp": sentinel,
    "/mnt": sentinel,
    "/sys": sentinel,
    "/root/.cache": sentinel,
    "/root/.config/borg": sentinel,
    "/home/carol/.cache": sentinel,
    "/home/carol/.config/borg": `${ESCAPE}${sentinel.slice(1)}`,
    "/etc/borg": sentinel,
    "/srv/data/evil-etc": "/etc",
    "/srv/data/evil-root": "/root",
    "/srv/data/evil-pullbak": "/var/lib/pullbak",
    "/srv/data/evil-sentinel": sentinel,
    "/srv/data/evil-state": join(lab.dir, "state"),
    "/srv/data/evil-host-state": hostState,
    "/srv/data/evil-repos": join(lab.dir, "repos"),
    "/srv/data/evil-need": "/.pullbak/repository",
    "/srv/data/evil-escape": `${ESCAPE}${sentinel.slice(1)}`,
    // From the server's side of the mount, /srv/data/../.. is the host's state dir.
    "/srv/data/evil-escape-state": "../../../borg",
  };
}

/** Directories of the archive that a hostile client replaces by links to server paths before a restore. */
function victimLinks(): Record<string, string> {
  return {
    "/srv/victims/v1": sentinel,
    "/srv/victims/v2": join(hostState, "borg", "cache"),
    "/srv/victims/v3": "/.pullbak/borg-cache",
    "/srv/victims/v4": `${ESCAPE}${sentinel.slice(1)}`,
    "/srv/victims/v5": "../../../borg/config",
    "/srv/victims/v6": join(lab.dir, "repos", host.name),
  };
}

/** Files of the archive replaced by links to a server file. */
function victimFileLinks(): Record<string, string> {
  return {
    "/srv/victims/f1.txt": join(sentinel, "secret.txt"),
    "/srv/victims/f2.txt": `${ESCAPE}${sentinel.slice(1)}/secret.txt`,
  };
}

const VICTIMS = ["v1", "v2", "v3", "v4", "v5", "v6"] as const;

/** What the server's sentinel holds: names a careless writer would use (borg's dirs, config) and a secret. */
async function makeSentinel(): Promise<string> {
  const dir = await mkdtemp("/tmp/pullbak-hostile-sentinel-");
  await mkdir(join(dir, "borg"));
  await mkdir(join(dir, "config"));
  await writeFile(join(dir, "secret.txt"), "the server's secret\n");
  await writeFile(join(dir, "borg", "keep.txt"), "server\n");
  const old = new Date("2015-05-05T05:05:05Z");
  for (const path of ["borg/keep.txt", "secret.txt", "borg", "config", ""]) await utimes(join(dir, path), old, old);
  return dir;
}

/** The lab's config backing up the client's `/` (minus the lab's mount points and the server's /usr): /tmp and /mnt are in. */
async function hostileConfig(): Promise<string> {
  const { config: base } = await loadConfig(lab.configFile);
  const excludes = ["/dev", "/proc", "/run", "/var/log", "/usr", "/etc/alternatives"];
  const file = join(lab.dir, "hostile.yaml");
  await writeFile(file, `${JSON.stringify({ ...base, defaults: { ...base.defaults, sources: ["/"], excludes } }, null, 2)}\n`);
  return file;
}

interface Watched {
  result: CliResult;
  server: string[];
  mounts: MountReport;
  /** The watch saw the client's sshfs mount come and go (proof that it looks at the right table). */
  sawClientMount: boolean;
  canaries: string[];
}

/** Canary files on the server: in the lab dir outside the client's own tree, in /tmp, in the sentinel. */
async function serverCanaries(): Promise<string[]> {
  return [
    ...(await namesContaining(lab.dir, CANARY)).filter((path) => !path.startsWith(`${host.rootDir}/`)),
    ...(await namesContaining("/tmp", CANARY, 1)),
    ...(await namesContaining(sentinel, CANARY)),
  ];
}

/** Runs the CLI, recording what changed on the server meanwhile. */
async function watched(...args: string[]): Promise<Watched> {
  const before = await serverState(watch);
  const canariesBefore = new Set(await serverCanaries());
  const { value: result, mounts, sawClientMount } = await watchMounts(lab, host, sentinel, () => pullbak(config, ...args));
  const after = await serverState(watch);
  const canaries = (await serverCanaries()).filter((path) => !canariesBefore.has(path));
  return { result, server: serverChanges(watch, before, after), mounts, sawClientMount, canaries };
}

/** Nothing written, created or mounted on the server outside the client's view; says what pullbak said otherwise. */
function expectServerUntouched(run: Watched): void {
  const said = `pullbak exited ${run.result.exitCode}\n${run.result.stdout}\n${run.result.stderr}`;
  expect(run.server, said).toEqual([]);
  expect(run.canaries, said).toEqual([]);
  expect(run.mounts, said).toEqual({ during: [], after: [] });
}

interface Item {
  type: string;
  path: string;
  linktarget: string;
}

/** The archive as the server's own borg lists it (lab passphrase on fd 3, a base dir of the test's own). */
async function archiveItems(archive: string): Promise<Map<string, Item>> {
  const passphrase = await readFile(lab.passphraseFile);
  const result = await execa("borg", ["list", "--json-lines", `${join(lab.dir, "repos", host.name)}::${archive}`], {
    env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", BORG_PASSPHRASE_FD: "3", BORG_BASE_DIR: join(lab.dir, "test-borg"), BORG_RELOCATED_REPO_ACCESS_IS_OK: "yes", LANG: "C.UTF-8" },
    extendEnv: false,
    stdio: ["ignore", "pipe", "pipe", passphrase],
    reject: false,
  });
  if (result.exitCode !== 0) throw new Error(`borg list exited ${result.exitCode}: ${result.stderr}`);
  const items = String(result.stdout).split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line) as Item);
  return new Map(items.map((item) => [item.path, item]));
}

/** Every planted link is in the archive as that link, nothing below it is, and nothing of the server's is. */
function expectLinksArchivedAsLinks(items: Map<string, Item>, links: Record<string, string>): void {
  for (const [clientPath, target] of Object.entries(links)) {
    const path = clientPath.slice(1);
    expect(items.get(path), clientPath).toMatchObject({ type: "l", linktarget: target });
    expect([...items.keys()].filter((other) => other.startsWith(`${path}/`)), clientPath).toEqual([]);
  }
  const paths = [...items.keys()];
  // The sentinel's and the server's own files would show up under their names; pullbak's own paths never.
  expect(paths.filter((path) => /secret\.txt$|keep\.txt$/.test(path) && !path.startsWith("home/carol/"))).toEqual([]);
  expect(paths.filter((path) => path === ".pullbak" || path.startsWith(".pullbak/") || path.includes("/borg/cache") || path.includes("hints."))).toEqual([]);
  expect(paths).toContain("etc/passwd");
}

beforeAll(async () => {
  lab = env.lab;
  host = lab.hosts[0]!;
  hostState = join(lab.dir, "state", "hosts", host.name);
  sentinel = await makeSentinel();
  config = await hostileConfig();
  watch = { lab, host, sentinel, testOwn: (relative) => relative === "hostile.yaml" || relative === "test-borg" };
  for (const name of VICTIMS) await victimDir(`/srv/victims/${name}`, name);
  await victimDir("/srv/victims/v7", "v7");
  for (const file of Object.keys(victimFileLinks())) {
    await writeFile(onDisk(host, file), `archived ${file}\n`);
    await chown(onDisk(host, file), CAROL, CAROL);
  }
  for (const [clientPath, target] of Object.entries(backupLinks())) await plant(clientPath, target);
  const init = await pullbak(config, "init", host.name);
  if (init.exitCode !== 0) throw new Error(`pullbak init exited ${init.exitCode}: ${init.stderr}`);
}, 120_000);

afterAll(async () => {
  if (sentinel) await rm(sentinel, { recursive: true, force: true });
});

describe("a hostile client's planted symlinks", () => {
  it("are archived as links by a backup (isolation chroot), which writes and mounts nothing outside the client's view", async () => {
    const run = await watched("run", host.name, "--archive", "hostile-chroot");
    expect(run.result.exitCode, run.result.stderr).toBe(0);
    expectServerUntouched(run);
    expect(run.sawClientMount).toBe(true);
    // /sys is pullbak's own inside the chroot (an empty tmpfs over the planted link), and never archived.
    const { "/sys": _sys, ...archived } = backupLinks();
    const items = await archiveItems("hostile-chroot");
    expectLinksArchivedAsLinks(items, archived);
    expect(items.has("sys")).toBe(false);
  });

  it("are archived as links with isolation none too", async () => {
    const run = await watched("run", host.name, "--plugin", "none", "--archive", "hostile-none");
    expect(run.result.exitCode, run.result.stderr).toBe(0);
    expectServerUntouched(run);
    expectLinksArchivedAsLinks(await archiveItems("hostile-none"), backupLinks());
  });

  it("include /.pullbak, which is refused with a clear message, by backups and chroot-extract alike", async () => {
    try {
      for (const target of [sentinel, "../borg"]) {
        await plant("/.pullbak", target);
        for (const args of [
          ["run", host.name, "--archive", "hostile-refused"],
          ["restore", host.name, "--archive", "hostile-chroot", "--plugin", "chroot-extract", "/srv/victims/v1"],
        ]) {
          const run = await watched(...args);
          expect(run.result.exitCode, run.result.stderr).toBe(2);
          expect(run.result.stderr).toContain(`host ${host.name}: the client already has /.pullbak (a symbolic link)`);
          expectServerUntouched(run);
          expect(await readlink(onDisk(host, "/.pullbak"))).toBe(target);
        }
      }
    } finally {
      await rm(onDisk(host, "/.pullbak"), { force: true });
    }
  });
});

describe.each(["tar-restore", "extract", "chroot-extract"])("restore --plugin %s, after the client replaced restored directories by links to the server", (method) => {
  it("follows none of them on the server, and writes to the client only what was asked", async () => {
    for (const [clientPath, target] of Object.entries({ ...victimLinks(), ...victimFileLinks() })) await plant(clientPath, target);

    // Files below the links: the restore cannot put them where the client points, and must not try on the server.
    const below = VICTIMS.map((name) => `/srv/victims/${name}/${CANARY}-${name}.txt`);
    // Refused before anything runs (issue 15), naming the links; then, with the checks waived
    // (--allow-client-links), the method's own containment must still keep the server untouched.
    let clientBefore = await clientTree(host);
    const refused = await watched("restore", host.name, "--archive", "hostile-chroot", "--plugin", method, ...below);
    expect(refused.result.exitCode, refused.result.stderr).toBe(2);
    expect(refused.result.stderr).toMatch(/\/srv\/victims\/v\d.* symbolic links? on the client/);
    expectServerUntouched(refused);
    const blocked = await watched("restore", host.name, "--archive", "hostile-chroot", "--plugin", method, "--allow-client-links", ...below);
    expect(blocked.result.exitCode, blocked.result.stderr).not.toBe(0);
    expectServerUntouched(blocked);
    expect(clientChangesOutside(clientBefore, await clientTree(host), below)).toEqual([]);

    // The links themselves: replaced by what the archive holds, on the client, when the admin says so.
    const asked = [...Object.keys(victimLinks()), ...Object.keys(victimFileLinks())];
    clientBefore = await clientTree(host);
    const replaced = await watched("restore", host.name, "--archive", "hostile-chroot", "--plugin", method, "--allow-client-links", ...asked);
    expect(replaced.result.exitCode, replaced.result.stderr).toBe(0);
    expectServerUntouched(replaced);
    expect(replaced.sawClientMount).toBe(method !== "tar-restore");
    expect(clientChangesOutside(clientBefore, await clientTree(host), asked)).toEqual([]);
    for (const name of VICTIMS) {
      expect((await lstat(onDisk(host, `/srv/victims/${name}`))).isDirectory(), name).toBe(true);
      expect(await readFile(onDisk(host, `/srv/victims/${name}/${CANARY}-${name}.txt`), "utf8")).toBe(`canary ${name}\n`);
    }
    for (const file of Object.keys(victimFileLinks())) {
      expect((await lstat(onDisk(host, file))).isFile(), file).toBe(true);
      expect(await readFile(onDisk(host, file), "utf8")).toBe(`archived ${file}\n`);
    }
  });
});

/*
 * A link to a directory the client itself has (`v7 -> ../../etc`, which any
 * client user who can write where a restore goes can plant) would be
 * followed on the client by tar, and by borg inside the jail or the chroot,
 * so the restored file would land in the client's /etc. Every restore now
 * looks for links on the way first and refuses (issue 15); the race with a
 * link planted while the restore runs stays: see docs/security.md.
 */
describe("restores below a directory the client replaced by a link to its own /etc", () => {
  const outside = new Map<string, string[]>();

  it("touch nothing of the server, whatever the method", async () => {
    const asked = [`/srv/victims/v7/${CANARY}-v7.txt`];
    for (const method of ["tar-restore", "extract", "chroot-extract"]) {
      await plant("/srv/victims/v7", "../../etc");
      await rm(onDisk(host, `/etc/${CANARY}-v7.txt`), { force: true });
      const clientBefore = await clientTree(host);
      const run = await watched("restore", host.name, "--archive", "hostile-chroot", "--plugin", method, ...asked);
      expect(run.result.exitCode, run.result.stderr).toBe(2);
      expect(run.result.stderr).toContain("/srv/victims/v7 is a symbolic link on the client");
      expectServerUntouched(run);
      outside.set(method, clientChangesOutside(clientBefore, await clientTree(host), asked));
    }
    await rm(onDisk(host, `/etc/${CANARY}-v7.txt`), { force: true });
  });

  it("write nothing on the client outside the asked path", () => {
    expect(outside.size).toBe(3);
    for (const [method, changes] of outside) expect(changes, method).toEqual([]);
  });
});
