/**
 * Issue 16: `borg create` with pullbak's files-cache-first patch (an unchanged
 * file is taken from the files cache without being opened) records exactly
 * what stock borg records, and misses no change stock borg with
 * `--files-cache ctime,size` would catch. One lab host, one repository and
 * one files cache shared by two configs that differ only in
 * `options.borg.filesCacheFirst`, so archives of both are in one repository
 * and `borg diff` compares them. The tree holds 2,000 small files and what a
 * hostile client plants (an absolute symlink to a server file, a FIFO, hard
 * links, a setuid file, odd bytes in a name). Isolations `none` and `userdb`
 * (the server's borg) are shown to take unchanged files from the cache too.
 */
import { createHash } from "node:crypto";
import { appendFile, chmod, link, mkdir, readFile, rm, stat, symlink, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadConfig } from "@pullbak/core";
import type { Lab } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { pullbakOk } from "./restore-helpers.js";

const env = useLab(1);
const FILES = 2000;
const SOURCE = "/srv/many";
/** Years in the past, one second apart: none is the newest of a run, which borg never caches. */
const FIRST_MTIME = Date.UTC(2024, 0, 1) / 1000;

/** A lab config backing up SOURCE only, with the patch on or off; both share the repository and state. */
async function configFor(lab: Lab, filesCacheFirst: boolean): Promise<string> {
  const { config } = await loadConfig(lab.configFile);
  const options = { ...config.defaults?.options, borg: { filesCacheFirst } };
  const narrowed = { ...config, defaults: { ...config.defaults, sources: [SOURCE], options } };
  const file = join(lab.dir, `files-cache-first-${filesCacheFirst ? "on" : "off"}.yaml`);
  await writeFile(file, `${JSON.stringify(narrowed, null, 2)}\n`);
  return file;
}

/** How many files the patch took from the files cache, from its --verbose line. */
function takenFromCache(output: string): number {
  const match = /files-cache-first: (\d+) unchanged files taken from the files cache without an open/.exec(output);
  return match ? Number(match[1]) : -1;
}

/** The server's borg on the lab host's repository, passphrase on fd 3. */
async function borg(lab: Lab, ...args: string[]): Promise<string> {
  const passphrase = await readFile(lab.passphraseFile);
  const result = await execa("borg", args, {
    env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", BORG_PASSPHRASE_FD: "3", BORG_BASE_DIR: join(lab.dir, "test-borg"), BORG_RELOCATED_REPO_ACCESS_IS_OK: "yes", LANG: "C.UTF-8", TZ: "UTC" },
    extendEnv: false,
    stdio: ["ignore", "pipe", "pipe", passphrase],
    reject: false,
  });
  if (result.exitCode !== 0) throw new Error(`borg ${args.join(" ")} exited ${result.exitCode}: ${result.stderr}`);
  return String(result.stdout);
}

function repository(lab: Lab): string {
  return join(lab.dir, "repos", lab.hosts[0]!.name);
}

interface Item {
  path: string;
  sha256: string;
  mtime: string;
}

/** Every item of ARCHIVE by path, as the JSON line of all an archive records of it (content as sha256). */
async function listing(lab: Lab, archive: string): Promise<Map<string, { item: Item; line: string }>> {
  const format = "{type}{mode}{user}{group}{uid}{gid}{size}{mtime}{ctime}{atime}{linktarget}{source}{sha256}{health}";
  const out = await borg(lab, "list", "--json-lines", "--format", format, `${repository(lab)}::${archive}`);
  const items = new Map<string, { item: Item; line: string }>();
  for (const line of out.split("\n").filter((text) => text.trim() !== "")) {
    const item = JSON.parse(line) as Item;
    items.set(item.path, { item, line: JSON.stringify(Object.entries(item).sort(([a], [b]) => a.localeCompare(b))) });
  }
  return items;
}

/** The archive a single-host `pullbak run --json` just made (issue 11's fleet document: `{ exitCode, hosts: [record] }`). */
function archiveOf(stdout: string): string {
  const { hosts } = JSON.parse(stdout) as { hosts: Array<{ archive?: string }> };
  const archive = hosts[0]?.archive;
  if (!archive) throw new Error(`no archive in pullbak run --json: ${stdout}`);
  return archive;
}

const sha256 = (bytes: Buffer | string): string => createHash("sha256").update(bytes).digest("hex");

describe("files-cache-first: the same archive as stock borg, no change missed", () => {
  let on = "";
  let off = "";
  let root = "";
  let fastUnchanged = "";
  let stockUnchanged = "";
  let fastOutput = "";
  let stockOutput = "";

  beforeAll(async () => {
    const lab = env.lab;
    root = join(lab.hosts[0]!.rootDir, SOURCE.slice(1));
    for (let i = 0; i < FILES; i++) {
      const dir = join(root, `d${Math.floor(i / 100)}`);
      if (i % 100 === 0) await mkdir(dir, { recursive: true });
      const path = join(dir, `f${i}.txt`);
      await writeFile(path, `file ${i} `.repeat(20 + (i % 150)));
      await utimes(path, FIRST_MTIME + i, FIRST_MTIME + i);
    }
    // What a hostile client plants among its files.
    await symlink("/etc/shadow", join(root, "d0", "shadow-link"));
    await execa("mkfifo", [join(root, "d0", "fifo")]);
    await link(join(root, "d1", "f100.txt"), join(root, "d1", "hard-link"));
    await writeFile(join(root, "d2", "setuid"), "#!/bin/sh\n");
    await chmod(join(root, "d2", "setuid"), 0o4755);
    await writeFile(Buffer.concat([Buffer.from(`${join(root, "d3")}/odd-`), Buffer.from([0x01, 0x0a, 0xff]), Buffer.from("-name")]), "odd");
    on = await configFor(lab, true);
    off = await configFor(lab, false);
    await pullbakOk(on, "init", lab.hosts[0]!.name);
    await pullbakOk(on, "run", lab.hosts[0]!.name); // full: fills the files cache
    const stock = await pullbakOk(off, "run", lab.hosts[0]!.name, "--json", "--verbose");
    stockUnchanged = archiveOf(stock.stdout);
    stockOutput = stock.stderr + stock.stdout;
    const fast = await pullbakOk(on, "run", lab.hosts[0]!.name, "--json", "--verbose");
    fastUnchanged = archiveOf(fast.stdout);
    fastOutput = fast.stderr + fast.stdout;
  }, 300_000);

  it("says with --verbose that the patch is on, and not when it is off", () => {
    expect(fastOutput).toMatch(/files-cache-first on \(borg 1\.2\.4\)/);
    expect(fastOutput).toContain("PULLBAK_BORG_PATCHES=files-cache-first");
    expect(takenFromCache(fastOutput)).toBeGreaterThanOrEqual(FILES - 1);
    expect(stockOutput).not.toContain("files-cache-first");
  });

  // Issue 16: "the chroot and userdb isolations both get the gain". The patch
  // comes with borg's environment (the read-only `borg-python` need), so every
  // isolation that binds the needs gets it: the server's borg on the mount
  // (`none`) and in the userdb jail. Each gets a repository and state of its
  // own; its unchanged run must take the files from the cache and record what
  // its full run (every file opened) recorded.
  for (const isolation of ["none", "userdb"] as const) {
    it(`isolation ${isolation} (the server's borg) takes unchanged files from the cache too, and records the same`, async () => {
      const lab = env.lab;
      const host = lab.hosts[0]!.name;
      const { config } = await loadConfig(on);
      const repos = join(lab.dir, `repos-${isolation}`);
      const narrowed = {
        ...config,
        stateDir: join(lab.dir, `state-${isolation}`),
        defaults: { ...config.defaults, isolation, repository: { ...config.defaults?.repository, path: join(repos, "{host}") } },
      };
      const file = join(lab.dir, `files-cache-first-${isolation}.yaml`);
      await writeFile(file, `${JSON.stringify(narrowed, null, 2)}\n`);
      await pullbakOk(file, "init", host);
      const full = archiveOf((await pullbakOk(file, "run", host, "--json")).stdout);
      const unchanged = await pullbakOk(file, "run", host, "--json", "--verbose");
      expect(unchanged.stderr + unchanged.stdout).toMatch(/files-cache-first on \(borg 1\.2\.4\)/);
      expect(takenFromCache(unchanged.stderr + unchanged.stdout)).toBeGreaterThanOrEqual(FILES - 1);
      expect(await borg(lab, "diff", `${join(repos, host)}::${full}`, archiveOf(unchanged.stdout))).toBe("");
    }, 180_000);
  }

  it("an unchanged run records the same items with the same content as stock borg", async () => {
    const lab = env.lab;
    const fast = await listing(lab, fastUnchanged);
    const stock = await listing(lab, stockUnchanged);
    expect(fast.size).toBeGreaterThan(FILES);
    const differing = [...new Set([...fast.keys(), ...stock.keys()])].filter((path) => fast.get(path)?.line !== stock.get(path)?.line);
    expect(differing).toEqual([]);
    expect(await borg(lab, "diff", `${repository(lab)}::${stockUnchanged}`, fastUnchanged)).toBe("");
  });

  it("picks up a change of size, of mtime, a deleted and a new file, as stock borg does", async () => {
    const lab = env.lab;
    const host = lab.hosts[0]!.name;
    // Size changed, mtime kept.
    const grown = join(root, "d4", "f400.txt");
    const grownTimes = await stat(grown);
    await appendFile(grown, "more");
    await utimes(grown, grownTimes.atime, grownTimes.mtime);
    // Same size, new content and a new mtime.
    const rewritten = join(root, "d5", "f500.txt");
    const before = await readFile(rewritten);
    const after = Buffer.from(before.toString().toUpperCase());
    expect(after.length).toBe(before.length);
    await writeFile(rewritten, after);
    await utimes(rewritten, FIRST_MTIME + FILES + 10, FIRST_MTIME + FILES + 10);
    // Only the mtime changed.
    const touched = join(root, "d6", "f600.txt");
    await utimes(touched, FIRST_MTIME + FILES + 20, FIRST_MTIME + FILES + 20);
    // Deleted, and new.
    await rm(join(root, "d7", "f700.txt"));
    await writeFile(join(root, "d7", "new.txt"), "new file");
    await utimes(join(root, "d7", "new.txt"), FIRST_MTIME + FILES + 30, FIRST_MTIME + FILES + 30);

    const fast = archiveOf((await pullbakOk(on, "run", host, "--json")).stdout);
    const stock = archiveOf((await pullbakOk(off, "run", host, "--json")).stdout);
    const items = await listing(lab, fast);
    const item = (path: string): Item | undefined => items.get(`${SOURCE.slice(1)}/${path}`)?.item;
    expect(item("d4/f400.txt")?.sha256).toBe(sha256(await readFile(grown)));
    expect(item("d5/f500.txt")?.sha256).toBe(sha256(after));
    expect(item("d6/f600.txt")?.mtime).toBe(new Date((FIRST_MTIME + FILES + 20) * 1000).toISOString().replace("Z", "000"));
    expect(item("d7/f700.txt")).toBeUndefined();
    expect(item("d7/new.txt")?.sha256).toBe(sha256("new file"));
    expect(await borg(lab, "diff", `${repository(lab)}::${stock}`, fast)).toBe("");
    const changes = await borg(lab, "diff", `${repository(lab)}::${fastUnchanged}`, fast);
    for (const path of ["d4/f400.txt", "d5/f500.txt", "d7/f700.txt", "d7/new.txt"]) expect(changes).toContain(`${SOURCE.slice(1)}/${path}`);
  }, 180_000);
});
