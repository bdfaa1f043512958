/**
 * What the hostile-client test looks at on the SERVER, before and after each
 * command: trees where a followed client symlink would leave a trace, the
 * lab's state dir and repositories (allowing only what pullbak and borg write
 * there themselves), and the server's mount table, during and after a run.
 * Everything is read with lstat: the test never follows a link either.
 */
import { lstat, readdir, readFile, readlink } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Lab, LabHost } from "@pullbak/lab";

/** Relative path -> "type mode size mtime" (whatever a write, chmod or creation would change). */
export type Tree = Map<string, string>;

function typeOf(stats: Awaited<ReturnType<typeof lstat>>): string {
  if (stats.isDirectory()) return "d";
  if (stats.isFile()) return "f";
  if (stats.isSymbolicLink()) return "l";
  return "o";
}

export interface WalkOptions {
  /** How many levels below `root` to list; unlimited when absent. */
  depth?: number;
  /** Record names, types and modes only (for trees other programs may touch, such as /root). */
  namesOnly?: boolean;
  /** Relative paths not to record or descend into. */
  skip?: (relative: string) => boolean;
}

/** Every entry under `root` (the root itself as ""), never following a link. A missing root is an empty tree. */
export async function walk(root: string, options: WalkOptions = {}): Promise<Tree> {
  const tree: Tree = new Map();
  const visit = async (relative: string, level: number): Promise<void> => {
    if (options.skip?.(relative)) return;
    const stats = await lstat(join(root, relative)).catch(() => undefined);
    if (!stats) return;
    const mode = (stats.mode & 0o7777).toString(8);
    tree.set(relative, options.namesOnly ? `${typeOf(stats)} ${mode}` : `${typeOf(stats)} ${mode} ${stats.size} ${stats.mtimeMs}`);
    if (!stats.isDirectory() || (options.depth !== undefined && level >= options.depth)) return;
    const names = await readdir(join(root, relative)).catch(() => [] as string[]);
    for (const name of names) await visit(relative === "" ? name : `${relative}/${name}`, level + 1);
  };
  await visit("", 0);
  return tree;
}

/** Setuid/setgid files, FIFOs, device nodes and sockets (type "o") under `root`, never following a link. */
export async function dangerous(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const [relative, facts] of await walk(root)) {
    const [type, mode] = facts.split(" ");
    if (type === "o" || (Number.parseInt(mode!, 8) & 0o6000) !== 0) found.push(`${join(root, relative)} (${facts})`);
  }
  return found;
}

/** One line per entry that appeared, went or changed; `ignore` says which of those are expected. */
export function treeChanges(label: string, before: Tree, after: Tree, ignore: (relative: string) => boolean = () => false): string[] {
  const lines: string[] = [];
  for (const [path, facts] of before) {
    if (ignore(path)) continue;
    const now = after.get(path);
    if (now === undefined) lines.push(`${label}/${path}: gone (was ${facts})`);
    else if (now !== facts) lines.push(`${label}/${path}: ${facts} -> ${now}`);
  }
  for (const path of after.keys()) if (!before.has(path) && !ignore(path)) lines.push(`${label}/${path}: new (${after.get(path)})`);
  return lines;
}

const HEX = "[0-9a-f]{64}";

/**
 * What pullbak and borg themselves may create or change in the lab dir
 * (relative paths): the repository's own files, borg's cache, security and
 * config dirs by borg's own names, pullbak's overlay, mount point, jails,
 * journal and locks. Anything else there (a restored file, a file name from
 * the client) was written by following a client's symlink.
 */
export function pullbakOwnPath(host: string): (relative: string) => boolean {
  const state = `state/hosts/${host}`;
  const patterns = [
    "^repos$",
    `^repos/${host}(/(README|config|nonce|transactions|(hints|index|integrity)\\.\\d+|lock\\.roster|lock\\.exclusive(/[^/]+)?|data(/\\d+(/\\d+)?)?))?$`,
    "^state(/hosts)?$",
    `^${state}(/(borg|client))?$`,
    `^${state}/borg/(config|tmp)$`,
    `^${state}/borg/cache(/CACHEDIR\\.TAG|/${HEX}(/(README|chunks|config|files|pre12-meta|chunks\\.archive\\.d(/${HEX}\\.compact(\\.integrity)?)?|txn\\.(active|tmp)(/[^/]+)?|lock\\.roster|lock\\.exclusive(/[^/]+)?))?)?$`,
    `^${state}/borg/security(/${HEX}(/(key-type|location|manifest-timestamp|nonce|tam_required))?)?$`,
    // Isolation chroot: the client's borg's own dirs (issue #10); its channel and temp dir go with the run.
    `^${state}/client-code(/borg-(cache|security|tmp))?$`,
    `^${state}/client-code/borg-cache(/CACHEDIR\\.TAG|/${HEX}(/(README|chunks|config|files|pre12-meta|chunks\\.archive\\.d(/${HEX}\\.compact(\\.integrity)?)?|txn\\.(active|tmp)(/[^/]+)?))?)?$`,
    `^${state}/client-code/borg-security(/${HEX}(/(key-type|location|manifest-timestamp|nonce|tam_required))?)?$`,
    `^${state}/overlay(/(merged|upper|work))?$`,
    `^${state}/extract-jail-[A-Za-z0-9]{6}$`,
    // Run records (one JSON file per run, named by its start, action and pid).
    `^${state}/runs(/[0-9T:.Z-]+-[a-z]+-\\d+\\.(json|running))?$`,
    // Repository upkeep: when each check last passed (issue #12).
    `^${state}/checks\\.json$`,
    // The scheduled full re-read's count of runs (issue #15, fullReadEvery).
    `^${state}/full-read\\.json$`,
    `^state/journal(/${host}\\.json)?$`,
    `^state/locks(/${host}(\\.lock)?)?$`,
  ].map((pattern) => new RegExp(pattern));
  return (relative) => patterns.some((pattern) => pattern.test(relative));
}

/** The server trees a followed link would change, each under a short label. */
export interface ServerState {
  trees: Map<string, Tree>;
}

export interface ServerWatch {
  lab: Lab;
  host: LabHost;
  sentinel: string;
  /** Lab-dir entries the test itself writes (its config, its own borg's base dir). */
  testOwn: (relative: string) => boolean;
}

/**
 * - the sentinel the planted links point at: every entry, in full;
 * - /etc: top-level names and mtimes;
 * - /root: names two levels deep (other programs of this machine may touch
 *   times there), borg's default dirs and /root/.ssh in full;
 * - the lab dir, except the client's own root tree and the test's files.
 */
export async function serverState(watch: ServerWatch): Promise<ServerState> {
  const trees = new Map<string, Tree>();
  trees.set("sentinel", await walk(watch.sentinel));
  trees.set("/etc", await walk("/etc", { depth: 1 }));
  trees.set("/root", await walk("/root", { depth: 2, namesOnly: true }));
  for (const dir of ["/root/.cache/borg", "/root/.config/borg", "/root/.ssh"]) trees.set(dir, await walk(dir));
  trees.set("lab", await walk(watch.lab.dir, { skip: (relative) => relative === "hosts" || watch.testOwn(relative) }));
  return { trees };
}

/** What changed on the server outside what pullbak itself keeps there. */
export function serverChanges(watch: ServerWatch, before: ServerState, after: ServerState): string[] {
  const own = pullbakOwnPath(watch.host.name);
  const lines: string[] = [];
  for (const [label, tree] of before.trees) {
    lines.push(...treeChanges(label, tree, after.trees.get(label) ?? new Map(), label === "lab" ? own : undefined));
  }
  return lines;
}

/** Names (file or directory) containing `token` anywhere under `root`, down to `depth`; links are not followed. */
export async function namesContaining(root: string, token: string, depth?: number): Promise<string[]> {
  const tree = await walk(root, depth === undefined ? {} : { depth });
  return [...tree.keys()].filter((relative) => relative.split("/").at(-1)!.includes(token)).map((relative) => join(root, relative));
}

async function mountLines(): Promise<string[]> {
  return (await readFile("/proc/self/mountinfo", "utf8")).split("\n").filter((line) => line.trim() !== "");
}

/** Mount point (5th field, with mountinfo's octal escapes) and file system type (after " - "). */
function describeMount(line: string): { point: string; type: string } {
  const point = (line.split(" ")[4] ?? "").replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
  return { point, type: line.split(" - ")[1]?.split(" ")[0] ?? "" };
}

export interface MountReport {
  /** Mounts that appeared in the server's own table while the command ran (none may: issue #10). */
  during: string[];
  /** Mounts present after the command that were not there before it. */
  after: string[];
}

/** Server paths under which a mount made by following a planted link would land. */
const SENSITIVE_TREES = ["/etc", "/root", "/var/lib/pullbak", "/var/tmp", "/home", "/srv", "/usr", "/boot", "/opt"];
/** Server directories a mount onto would shadow, though mounts below them are other programs' business. */
const SENSITIVE_DIRS = ["/", "/tmp", "/var", "/dev", "/proc", "/sys", "/run", "/mnt"];

const under = (path: string, root: string) => path === root || path.startsWith(`${root}/`);

/** Whether any mount namespace on the server has the client's sshfs mount at `point`. */
async function sshfsMountedAnywhere(point: string): Promise<boolean> {
  const seen = new Set<string>();
  for (const name of await readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const ns = await readlink(`/proc/${name}/ns/mnt`).catch(() => undefined);
    if (ns === undefined || seen.has(ns)) continue;
    seen.add(ns);
    const table = await readFile(`/proc/${name}/mountinfo`, "utf8").catch(() => "");
    if (table.split("\n").some((line) => describeMount(line).point === point && describeMount(line).type === "fuse.sshfs")) return true;
  }
  return false;
}

/**
 * Runs `command` while polling the server's mount table. A run adds no
 * mount to it at all: the client's sshfs mount lives in the run's own mount
 * namespace (issue #10), where it is looked for (`sawClientMount`), so a
 * test knows the run got that far. Anything new in the server's table must
 * be gone afterwards. This machine is shared (other tests and
 * sessions mount their own things meanwhile), so a new mount is judged when
 * it could be this run's: it names this host's address, or sits in the lab
 * dir, the sentinel, or a sensitive server tree.
 */
export async function watchMounts<T>(
  lab: Lab,
  host: LabHost,
  sentinel: string,
  command: () => Promise<T>,
): Promise<{ value: T; mounts: MountReport; sawClientMount: boolean }> {
  const clientMount = join(lab.dir, "state", "hosts", host.name, "client");
  const judged = (line: string) => {
    const { point } = describeMount(line);
    return (
      line.includes(` root@${host.address}:`) ||
      [lab.dir, sentinel, ...SENSITIVE_TREES].some((root) => under(point, root)) ||
      SENSITIVE_DIRS.includes(point)
    );
  };
  const before = new Set(await mountLines());
  const during = new Set<string>();
  let running = true;
  let sawClientMount = false;
  const poll = (async () => {
    while (running) {
      for (const line of await mountLines()) if (!before.has(line) && judged(line)) during.add(line);
      sawClientMount ||= await sshfsMountedAnywhere(clientMount);
      await sleep(20);
    }
  })();
  let value: T;
  try {
    value = await command();
  } finally {
    running = false;
    await poll;
  }
  // sshfs exits a moment after its unmount; give it that moment.
  let after: string[] = [];
  for (let attempt = 0; attempt < 50; attempt++) {
    after = (await mountLines()).filter((line) => !before.has(line) && judged(line));
    if (after.length === 0) break;
    await sleep(100);
  }
  return { value, mounts: { during: [...during], after }, sawClientMount };
}

/**
 * Client path -> "type mode uid:gid size mtime target", read from the
 * client's disk on the server (names that are not UTF-8 as latin-1).
 */
export async function clientTree(host: LabHost): Promise<Map<string, string>> {
  const tree = new Map<string, string>();
  const visit = async (path: Buffer, clientPath: string): Promise<void> => {
    // The client's sshd logs there while pullbak is connected; /usr, /dev, /proc are the lab's mount points.
    if (["/var/log", "/usr", "/dev", "/proc"].includes(clientPath)) return;
    const stats = await lstat(path).catch(() => undefined);
    if (!stats) return;
    const link = stats.isSymbolicLink() ? ` -> ${(await readlink(path, { encoding: "buffer" })).toString("latin1")}` : "";
    tree.set(clientPath, `${typeOf(stats)} ${(stats.mode & 0o7777).toString(8)} ${stats.uid}:${stats.gid} ${stats.size} ${stats.mtimeMs}${link}`);
    if (!stats.isDirectory()) return;
    for (const name of await readdir(path, { encoding: "buffer" })) {
      await visit(Buffer.concat([path, Buffer.from("/"), name]), `${clientPath === "/" ? "" : clientPath}/${name.toString("latin1")}`);
    }
  };
  await visit(Buffer.from(host.rootDir), "/");
  return tree;
}

/**
 * What a restore changed on the client besides the asked paths (and the
 * mtime of the directories holding them, where an entry was replaced).
 */
export function clientChangesOutside(before: Map<string, string>, after: Map<string, string>, asked: readonly string[]): string[] {
  const inside = (path: string) => asked.some((root) => path === root || path.startsWith(`${root}/`));
  const holds = (path: string) => asked.some((root) => root.startsWith(path === "/" ? "/" : `${path}/`));
  const withoutMtime = (facts: string | undefined) => facts?.split(" ").filter((_, index) => index !== 4).join(" ");
  const lines: string[] = [];
  for (const path of new Set([...before.keys(), ...after.keys()])) {
    if (inside(path)) continue;
    const was = before.get(path);
    const now = after.get(path);
    if (was === now) continue;
    if (holds(path) && was !== undefined && withoutMtime(was) === withoutMtime(now)) continue;
    lines.push(`${path}: ${was ?? "(none)"} -> ${now ?? "(gone)"}`);
  }
  return lines;
}
