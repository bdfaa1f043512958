/**
 * What the restore end-to-end tests share: running the real CLI, a config
 * narrowed to the seeded data, damaging a client, and snapshots of a
 * client's files as the client's own kernel sees them (read from the lab
 * host's root tree on the server's disk, not through pullbak's mount).
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { chmod, chown, lstat, mkdir, readdir, readFile, readlink, rm, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadConfig } from "@pullbak/core";
import type { Lab, LabHost } from "@pullbak/lab";
import { execa } from "execa";
import { useLab, type LabHandle } from "@pullbak/lab/testing";
import { beforeAll } from "vitest";
import { pullbakWithConfig, type CliResult } from "./support/pullbak.js";

/** The seeded trees the tests back up and restore (seed.roots of @pullbak/lab). */
export const ROOTS = ["/srv/data", "/home/carol"] as const;

export { pullbakWithConfig as pullbak, type CliResult };

/** Fails with everything the CLI said, so a broken run explains itself. */
export async function pullbakOk(configFile: string, ...args: string[]): Promise<CliResult> {
  const result = await pullbakWithConfig(configFile, ...args);
  if (result.exitCode !== 0) {
    throw new Error(`pullbak ${args.join(" ")} exited ${result.exitCode}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  }
  return result;
}

/**
 * The lab's own config with the sources narrowed to the seeded data (or to
 * `sources`): the
 * lab backs up `/`, which includes the server's /usr bound into each host.
 * JSON is YAML, so the file needs no YAML writer.
 */
export async function seededDataConfig(lab: Lab, sources: readonly string[] = ROOTS): Promise<string> {
  const { config } = await loadConfig(lab.configFile);
  const narrowed = { ...config, defaults: { ...config.defaults, sources: [...sources] } };
  const file = join(lab.dir, "restore-test.yaml");
  await writeFile(file, `${JSON.stringify(narrowed, null, 2)}\n`);
  return file;
}

/** The newest archive's name, from `pullbak list HOST --json`. */
export async function newestArchive(configFile: string, host: string): Promise<string> {
  const { stdout } = await pullbakOk(configFile, "list", host, "--json");
  const parsed = JSON.parse(stdout) as unknown;
  const archives = (Array.isArray(parsed) ? parsed : ((parsed as { archives?: unknown[] }).archives ?? [])) as Array<{ name: string }>;
  const newest = archives.at(-1);
  if (!newest) throw new Error(`no archive for ${host}: ${stdout}`);
  return newest.name;
}

/** A client path on the server's disk (the lab host's own `/`). */
export function onDisk(host: LabHost, clientPath: string): string {
  return join(host.rootDir, clientPath);
}

export type Kind = "dir" | "file" | "symlink" | "fifo" | "other";

/** What a restore must get right about one entry. */
export interface Facts {
  kind: Kind;
  mode: number;
  uid: number;
  gid: number;
  /** Whole seconds: SFTP v3 (and so anything backed up through sshfs) carries no more. */
  mtime: number;
  size?: number;
  sha256?: string;
  target?: string;
  ino: number;
}

/** Client path (names that are not UTF-8 as latin-1) -> facts. */
export type Snapshot = Map<string, Facts>;

function kindOf(stats: Awaited<ReturnType<typeof lstat>>): Kind {
  if (stats.isDirectory()) return "dir";
  if (stats.isFile()) return "file";
  if (stats.isSymbolicLink()) return "symlink";
  if (stats.isFIFO()) return "fifo";
  return "other";
}

async function sha256(path: Buffer): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Every entry under `roots` on the client, read straight from its disk. */
export async function snapshot(host: LabHost, roots: readonly string[] = ROOTS): Promise<Snapshot> {
  const facts: Snapshot = new Map();
  const visit = async (path: Buffer, clientPath: string): Promise<void> => {
    let stats;
    try {
      stats = await lstat(path);
    } catch {
      return;
    }
    const kind = kindOf(stats);
    const entry: Facts = { kind, mode: stats.mode & 0o7777, uid: stats.uid, gid: stats.gid, mtime: Math.floor(stats.mtimeMs / 1000), ino: stats.ino };
    if (kind === "file") Object.assign(entry, { size: stats.size, sha256: await sha256(path) });
    if (kind === "symlink") entry.target = (await readlink(path, { encoding: "buffer" })).toString("latin1");
    facts.set(clientPath, entry);
    if (kind !== "dir") return;
    for (const name of await readdir(path, { encoding: "buffer" })) {
      await visit(Buffer.concat([path, Buffer.from("/"), name]), `${clientPath}/${name.toString("latin1")}`);
    }
  };
  for (const root of roots) await visit(Buffer.from(onDisk(host, root)), root);
  return facts;
}

const compared = ["kind", "mode", "uid", "gid", "mtime", "size", "sha256", "target"] as const;

/**
 * Differences between what a restore should have left and what it left, one
 * readable line each (empty when they agree). Inode numbers are not compared;
 * hard links are checked on their own.
 */
export function differences(expected: Snapshot, actual: Snapshot, options: { skipMtimeOf?: (path: string) => boolean } = {}): string[] {
  const lines: string[] = [];
  for (const [path, want] of expected) {
    const got = actual.get(path);
    if (!got) {
      lines.push(`${path}: missing`);
      continue;
    }
    for (const field of compared) {
      if (field === "mtime" && options.skipMtimeOf?.(path)) continue;
      const format = (value: unknown) => (field === "mode" && typeof value === "number" ? value.toString(8) : String(value));
      if (want[field] !== got[field]) lines.push(`${path}: ${field} ${format(want[field])} -> ${format(got[field])}`);
    }
  }
  for (const path of actual.keys()) if (!expected.has(path)) lines.push(`${path}: unexpected`);
  return lines;
}

/** The snapshot with owners renumbered as the client's renumbered accounts (see renumberCarol). */
export function withIds(facts: Snapshot, uids: ReadonlyMap<number, number>, gids: ReadonlyMap<number, number>, under?: readonly string[]): Snapshot {
  const mapped: Snapshot = new Map();
  for (const [path, entry] of facts) {
    const inside = !under || under.some((root) => path === root || path.startsWith(`${root}/`));
    mapped.set(path, inside ? { ...entry, uid: uids.get(entry.uid) ?? entry.uid, gid: gids.get(entry.gid) ?? entry.gid } : entry);
  }
  return mapped;
}

export const CAROL_UID = { before: 1000, after: 1500 } as const;
export const CLIENTONLY_GID = { before: 2345, after: 2400 } as const;

/**
 * After the backup, the client's admin renumbers carol (uid 1000 -> 1500)
 * and the group clientonly (gid 2345 -> 2400) without touching any file: a
 * restore that maps names must give the new ids, a numeric one the old.
 */
export async function renumberCarol(host: LabHost): Promise<void> {
  const edit = async (file: string, from: RegExp, to: string) => {
    const path = onDisk(host, file);
    const text = await readFile(path, "utf8");
    if (!from.test(text)) throw new Error(`${file} on ${host.name}: no line matches ${from}`);
    await writeFile(path, text.replace(from, to));
  };
  await edit("/etc/passwd", /^carol:x:1000:/m, `carol:x:${CAROL_UID.after}:`);
  await edit("/etc/group", /^clientonly:x:2345:/m, `clientonly:x:${CLIENTONLY_GID.after}:`);
}

export const renumberedUids = new Map([[CAROL_UID.before, CAROL_UID.after]]);
export const renumberedGids = new Map([[CLIENTONLY_GID.before, CLIENTONLY_GID.after]]);

/** Lines of the server's mount table that mention the lab's dir or the host's address: what a restore left mounted. */
export async function leftoverMounts(lab: Lab, host: LabHost): Promise<string[]> {
  const table = await readFile("/proc/self/mountinfo", "utf8");
  return table.split("\n").filter((line) => line.includes(lab.dir) || line.includes(`${host.address}:`));
}

/**
 * What goes wrong on a client between a backup and a restore: deleted files,
 * a deleted tree of symlinks, a defaced page, a lost setuid bit, a secret
 * made readable and given to root, a touched old file, a lost hard link.
 */
export async function damageClient(host: LabHost): Promise<void> {
  const at = (path: string) => onDisk(host, path);
  await rm(at("/srv/data/team/plan.txt"), { force: true });
  await mkdir(at("/srv/data/www"), { recursive: true });
  await writeFile(at("/srv/data/www/index.html"), "defaced\n");
  await chmod(at("/srv/data/bin/suid-tool"), 0o755);
  await chown(at("/home/carol/secret.txt"), 0, 0);
  await chmod(at("/home/carol/secret.txt"), 0o644);
  await rm(at("/srv/data/links"), { recursive: true, force: true });
  await rm(at("/srv/data/names"), { recursive: true, force: true });
  await rm(at("/srv/data/hardlinks/second.txt"), { force: true });
  await rm(at("/srv/data/pipe"), { force: true });
  await rm(at("/srv/data/sparse.img"), { force: true });
  await utimes(at("/srv/data/old/2001-02-03.txt"), new Date(), new Date());
}

/** Inode numbers shared by more than one path of the snapshot: the hard links. */
export function hardLinkGroups(facts: Snapshot): string[][] {
  const byInode = new Map<number, string[]>();
  for (const [path, entry] of facts) if (entry.kind === "file") byInode.set(entry.ino, [...(byInode.get(entry.ino) ?? []), path]);
  return [...byInode.values()].filter((paths) => paths.length > 1);
}

/**
 * Gives /etc/hostname (the target of the seeded link /srv/data/links/hostname)
 * an owner and an mtime no restore would give it, and returns its facts: a
 * restore that sets a link's owner or times on the link's target shows.
 */
export async function markLinkTarget(host: LabHost): Promise<Snapshot> {
  const target = onDisk(host, "/etc/hostname");
  await chown(target, 33, 33);
  await utimes(target, new Date("2011-11-11T11:11:11Z"), new Date("2011-11-11T11:11:11Z"));
  return snapshot(host, ["/etc/hostname"]);
}

/** What a restore suite starts from. */
export interface BackedUp {
  host: LabHost;
  config: string;
  archive: string;
  /** The client's seeded files as they were when backed up. */
  snapshot: Snapshot;
}

/**
 * A lab host whose seeded data is backed up once before the suite's tests;
 * after the backup the client renumbers carol (1000 -> 1500) and clientonly
 * (2345 -> 2400), so a restore by name and a restore by number differ.
 */
export function useBackedUpLab(use: (backedUp: BackedUp) => void): LabHandle {
  const env = useLab(1);
  beforeAll(async () => {
    const host = env.lab.hosts[0]!;
    const config = await seededDataConfig(env.lab);
    await pullbakOk(config, "init", host.name);
    await pullbakOk(config, "run", host.name);
    const archive = await newestArchive(config, host.name);
    const backedUp = await snapshot(host);
    await renumberCarol(host);
    use({ host, config, archive, snapshot: backedUp });
  }, 300_000);
  return env;
}
