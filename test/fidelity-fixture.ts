/**
 * The fidelity table's fixture (issue 15): one client file of each kind a
 * backup can meet, written straight to a lab host's disk, and what a restore
 * left of each, as the client's own kernel sees it. docs/fidelity.md is made
 * from these rows by test/fidelity.test.ts; a row says how its cell reads.
 */
import { chown, lchown, link, lstat, mkdir, open, readlink, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";

/** Where the fixture lives on the client. */
export const FIXTURE = "/srv/fidelity";

const CAROL = 1000;
const CLIENTONLY = 2345;
const SPARSE_BYTES = 16 * 1024 * 1024;

/** What one entry is, on the client's disk. */
export interface Seen {
  kind: "file" | "dir" | "symlink" | "fifo" | "char device" | "block device" | "socket";
  uid: number;
  gid: number;
  mode: number;
  /** Nanoseconds since the epoch. */
  mtimeNs: bigint;
  ino: number;
  size: number;
  /** Bytes allocated on disk. */
  allocated: number;
  rdev?: string;
  target?: string;
  xattr?: string;
  acl?: string;
}

/** A name as bytes, joined under a disk path. */
function under(dir: string, name: Buffer | string): Buffer {
  return Buffer.concat([Buffer.from(`${dir}/`), Buffer.isBuffer(name) ? name : Buffer.from(name)]);
}

function kindOf(stats: Awaited<ReturnType<typeof lstat>>): Seen["kind"] {
  if (stats.isFile()) return "file";
  if (stats.isDirectory()) return "dir";
  if (stats.isSymbolicLink()) return "symlink";
  if (stats.isFIFO()) return "fifo";
  if (stats.isCharacterDevice()) return "char device";
  if (stats.isBlockDevice()) return "block device";
  return "socket";
}

/** Linux's dev_t encoding (glibc's gnu_dev_major/minor). */
function deviceNumbers(rdev: number): string {
  const major = ((rdev >>> 8) & 0xfff) | Number((BigInt(rdev) >> 32n) & 0xfffff000n);
  const minor = (rdev & 0xff) | ((rdev >>> 12) & 0xfff00);
  return `${major},${minor}`;
}

async function quiet(argv: string[]): Promise<string | undefined> {
  const result = await execa(argv[0]!, argv.slice(1), { reject: false, encoding: "utf8" });
  return result.exitCode === 0 ? String(result.stdout).trim() : undefined;
}

/** One entry as the client's kernel shows it; undefined when it is not there. */
export async function see(path: Buffer): Promise<Seen | undefined> {
  const stats = await lstat(path, { bigint: true }).catch(() => undefined);
  if (!stats) return undefined;
  const plain = await lstat(path);
  const kind = kindOf(plain);
  const seen: Seen = {
    kind,
    uid: plain.uid,
    gid: plain.gid,
    mode: plain.mode & 0o7777,
    mtimeNs: stats.mtimeNs,
    ino: plain.ino,
    size: plain.size,
    allocated: plain.blocks * 512,
  };
  if (kind === "char device" || kind === "block device") seen.rdev = deviceNumbers(plain.rdev);
  if (kind === "symlink") seen.target = (await readlink(path, { encoding: "buffer" })).toString("latin1");
  if (kind === "file" || kind === "dir") {
    const text = path.toString("latin1");
    seen.xattr = await quiet(["getfattr", "--only-values", "-n", "user.fidelity", "--", text]);
    seen.acl = await quiet(["getfacl", "--omit-header", "--skip-base", "--numeric", "--", text]);
  }
  return seen;
}

/** How a row's cell is worked out from the entry before the backup and after the restore. */
export interface Row {
  label: string;
  /** Name under FIXTURE (bytes allowed). */
  name: Buffer | string;
  cell(before: Seen, after: Seen | undefined, context: { restoredAt: bigint; byName: { uid: number; gid: number } | undefined; sibling?: Seen | undefined }): string;
}

const seconds = (ns: bigint) => ns / 1_000_000_000n;

function isoOf(ns: bigint): string {
  return new Date(Number(seconds(ns)) * 1000).toISOString().replace(".000Z", "Z");
}

/** "kept", or what changed, for the fields a row cares about. */
function compare(before: Seen, after: Seen | undefined, fields: ReadonlyArray<keyof Seen>, restoredAt: bigint): string {
  if (!after) return "lost";
  if (after.kind !== before.kind) return `changed: a ${after.kind}, not a ${before.kind}`;
  const changes: string[] = [];
  for (const field of fields) {
    const was = before[field];
    const now = after[field];
    if (was === now) continue;
    if (field === "mtimeNs") {
      const a = now as bigint;
      const b = was as bigint;
      if (seconds(a) === seconds(b)) changes.push("mtime: whole seconds only");
      else if (a > restoredAt - 3_600_000_000_000n && a < restoredAt + 3_600_000_000_000n) changes.push("mtime: the time of the restore");
      else changes.push(`mtime ${isoOf(b)} -> ${isoOf(a)}`);
    } else if (field === "mode") {
      changes.push(`mode ${(was as number).toString(8)} -> ${(now as number).toString(8)}`);
    } else if (field === "xattr" || field === "acl") {
      changes.push(now === undefined || now === "" ? `${field} lost` : `${field} ${String(was)} -> ${String(now)}`);
    } else {
      changes.push(`${field} ${String(was)} -> ${String(now)}`);
    }
  }
  return changes.length === 0 ? "kept" : `changed: ${changes.join("; ")}`;
}

function simple(label: string, name: Buffer | string, fields: ReadonlyArray<keyof Seen>): Row {
  return { label, name, cell: (before, after, { restoredAt }) => compare(before, after, fields, restoredAt) };
}

/** Every row of the table, in its order. */
export const ROWS: Row[] = [
  {
    label: "owner by name (carol, renumbered 1000 -> 1500 after the backup)",
    name: "owned-by-carol",
    cell: (before, after, { byName }) => {
      if (!after) return "lost";
      if (byName && after.uid === byName.uid && after.gid === byName.gid) return "kept: the name's current ids";
      if (after.uid === before.uid && after.gid === before.gid) return "changed: the archived ids, not the name's current ones";
      return `changed: ${after.uid}:${after.gid}`;
    },
  },
  simple("owner id with no name (4242:4242)", "owned-by-4242", ["uid", "gid"]),
  simple("mode with setuid (4755)", "setuid", ["mode"]),
  simple("directory mode with setgid and sticky (3775)", "setgid-sticky", ["mode"]),
  simple("mtime 2001-02-03T04:05:06.5Z", "mtime-fraction", ["mtimeNs"]),
  simple("mtime 1969-01-01 (before 1970)", "mtime-1969", ["mtimeNs"]),
  simple("mtime 0 (1970-01-01)", "mtime-0", ["mtimeNs"]),
  simple("directory mtime", "dated-dir", ["mtimeNs"]),
  simple("empty directory", "empty-dir", ["mode"]),
  simple("symlink, absolute (-> /etc/hostname)", "link-absolute", ["target"]),
  simple("symlink, relative (-> setuid)", "link-relative", ["target"]),
  simple("symlink, dangling (-> /no/such/file)", "link-dangling", ["target"]),
  {
    label: "hard links (two names, one inode)",
    name: "hard-a",
    cell: (_before, after, { sibling }) => {
      if (!after || !sibling) return "lost";
      return after.ino === sibling.ino ? "kept" : "changed: two separate files with the same content";
    },
  },
  {
    label: "sparse file (16 MiB, 4 KiB of data)",
    name: "sparse",
    cell: (before, after) => {
      if (!after) return "lost";
      if (after.size !== before.size) return `changed: size ${after.size}`;
      if (after.allocated <= before.allocated + 64 * 1024) return "kept";
      if (after.allocated >= SPARSE_BYTES) return "changed: written in full";
      return "changed: holes partly kept";
    },
  },
  simple("name with a latin-1 byte (caf\\xe9)", Buffer.from([0x63, 0x61, 0x66, 0xe9]), ["size"]),
  simple("name with a newline", "new\nline", ["size"]),
  simple("FIFO", "fifo", ["mode"]),
  simple("character device (c 1,3)", "char-device", ["rdev"]),
  simple("block device (b 7,0)", "block-device", ["rdev"]),
  simple("socket", "socket", []),
  simple("xattr (user.fidelity)", "with-xattr", ["xattr"]),
  simple("ACL (user 1000: r)", "with-acl", ["acl"]),
];

/** Sets a path's atime and mtime to `when` (touch -d syntax, e.g. `@-31536000`). */
async function stamp(path: string, when: string): Promise<void> {
  await execa("touch", ["-h", "-d", when, path]);
}

/** Writes the fixture on the client's disk at `root` + FIXTURE. */
export async function writeFixture(hostRoot: string): Promise<void> {
  const dir = join(hostRoot, FIXTURE);
  const at = (name: string) => join(dir, name);
  await mkdir(dir, { recursive: true });
  const file = async (name: string | Buffer, content = `${String(name)}\n`) => writeFile(under(dir, name), content);

  await file("owned-by-carol");
  await chown(at("owned-by-carol"), CAROL, CLIENTONLY);
  await file("owned-by-4242");
  await chown(at("owned-by-4242"), 4242, 4242);
  await file("setuid");
  await execa("chmod", ["4755", at("setuid")]);
  await mkdir(at("setgid-sticky"));
  await execa("chmod", ["3775", at("setgid-sticky")]);
  await file("mtime-fraction");
  // touch, not utimes: Node takes a negative time for "now".
  await stamp(at("mtime-fraction"), "@981173106.5");
  await file("mtime-1969");
  await stamp(at("mtime-1969"), "@-31536000");
  await file("mtime-0");
  await stamp(at("mtime-0"), "@0");
  await mkdir(at("empty-dir"));
  await symlink("/etc/hostname", at("link-absolute"));
  await symlink("setuid", at("link-relative"));
  await symlink("/no/such/file", at("link-dangling"));
  await file("hard-a");
  await link(at("hard-a"), at("hard-b"));
  const sparse = await open(at("sparse"), "w");
  await sparse.write(Buffer.alloc(4096, 1), 0, 4096, 0);
  await sparse.truncate(SPARSE_BYTES);
  await sparse.close();
  await file(Buffer.from([0x63, 0x61, 0x66, 0xe9]), "latin-1\n");
  await file("new\nline");
  await execa("mkfifo", [at("fifo")]);
  await execa("mknod", [at("char-device"), "c", "1", "3"]);
  await execa("mknod", [at("block-device"), "b", "7", "0"]);
  await execa("python3", ["-c", "import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])", at("socket")]);
  await file("with-xattr");
  await execa("setfattr", ["-n", "user.fidelity", "-v", "yes", at("with-xattr")]);
  await file("with-acl");
  await execa("setfacl", ["-m", `u:${CAROL}:r`, at("with-acl")]);
  // Last: writing into a directory sets its mtime.
  await mkdir(at("dated-dir"));
  await file("dated-dir/inside");
  await stamp(at("dated-dir"), "@981173106");
  await lchown(at("link-absolute"), 0, 0);
}

/** Every row's entry on the client's disk at `hostRoot`, by row label. */
export async function seeFixture(hostRoot: string): Promise<Map<string, Seen | undefined>> {
  const dir = join(hostRoot, FIXTURE);
  const seen = new Map<string, Seen | undefined>();
  for (const row of ROWS) seen.set(row.label, await see(under(dir, row.name)));
  seen.set("hard-b", await see(under(dir, "hard-b")));
  return seen;
}
