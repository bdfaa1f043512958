import { clientGroups, clientUsers, groupById, userById } from "./client-accounts.js";

/** Owner of a seeded entry, by id and by the name the *client* gives the id. */
interface SeedOwner {
  uid: number;
  gid: number;
  user: string;
  group: string;
}

interface SeedCommon extends SeedOwner {
  /**
   * Path on the host. For a name that is not valid UTF-8 this is a readable
   * stand-in (the bytes decoded as latin-1) and `pathBytes` is the real name.
   */
  path: string;
  pathBytes?: Uint8Array;
  /** Permission bits including setuid/setgid/sticky, without the file type. */
  mode: number;
  /** Modification time a backup must keep (ISO 8601); absent means "when seeded". */
  mtime?: string;
  /** What a backup and restore must get right about this entry. */
  checks: string;
}

export type SeedEntry = SeedCommon &
  (
    | { kind: "dir" }
    | { kind: "file"; content: string }
    /** `content` at offset 0, then a hole up to `size` bytes. */
    | { kind: "sparse"; content: string; size: number }
    | { kind: "symlink"; target: string }
    /** A second name for `linkTo`'s inode: same owner, mode and content. */
    | { kind: "hardlink"; linkTo: string }
    | { kind: "fifo" }
  );

function owned(uid: number, gid: number): SeedOwner {
  return { uid, gid, user: userById(uid).name, group: groupById(gid).name };
}

const ROOT = owned(0, 0);
const CAROL = owned(1000, 1000);
const CAROL_CLIENTONLY = owned(1000, 2345);
const WEBMASTER = owned(33, 33);
const MiB = 1024 * 1024;

/** Every seeded entry, keyed by what it is there to exercise. */
export const seedEntries = {
  dataDir: { kind: "dir", path: "/srv/data", ...ROOT, mode: 0o755, checks: "top of the seeded data" },
  readme: {
    kind: "file", path: "/srv/data/README.txt", ...ROOT, mode: 0o644,
    content: "Seed data of a pullbak lab host.\n", checks: "a plain file, the target of a relative symlink",
  },
  teamDir: {
    kind: "dir", path: "/srv/data/team", ...CAROL_CLIENTONLY, mode: 0o2775,
    checks: "setgid directory whose group exists only on the client",
  },
  teamPlan: {
    kind: "file", path: "/srv/data/team/plan.txt", ...CAROL_CLIENTONLY, mode: 0o664,
    content: "Q3: back up everything, pull mode.\n", checks: "group clientonly (gid 2345) must be stored by name",
  },
  wwwDir: { kind: "dir", path: "/srv/data/www", ...WEBMASTER, mode: 0o755, checks: "uid/gid 33 is webmaster/webteam here, www-data on the server" },
  wwwIndex: {
    kind: "file", path: "/srv/data/www/index.html", ...WEBMASTER, mode: 0o644,
    content: "<!doctype html><title>lab</title>\n", checks: "owner must be stored as webmaster, not www-data",
  },
  absoluteLink: {
    kind: "symlink", path: "/srv/data/links/hostname", ...ROOT, mode: 0o777, target: "/etc/hostname",
    checks: "absolute symlink: must be stored as is, not resolved on the server",
  },
  relativeLink: { kind: "symlink", path: "/srv/data/links/readme", ...ROOT, mode: 0o777, target: "../README.txt", checks: "relative symlink" },
  danglingLink: {
    kind: "symlink", path: "/srv/data/links/dangling", ...ROOT, mode: 0o777, target: "/srv/data/no-such-file",
    checks: "dangling symlink: stored, not an error",
  },
  hardLinkFirst: {
    kind: "file", path: "/srv/data/hardlinks/first.txt", ...ROOT, mode: 0o644,
    content: "one inode, two names\n", checks: "first name of a hard-linked inode",
  },
  hardLinkSecond: {
    kind: "hardlink", path: "/srv/data/hardlinks/second.txt", ...ROOT, mode: 0o644, linkTo: "/srv/data/hardlinks/first.txt",
    checks: "second name: same inode as first.txt (SSHFS cannot show that; a restore should not duplicate data needlessly)",
  },
  sparse: {
    kind: "sparse", path: "/srv/data/sparse.img", ...ROOT, mode: 0o644, content: "head of a sparse file\n", size: 64 * MiB,
    checks: "64 MiB apparent size, a few KiB allocated",
  },
  fifo: { kind: "fifo", path: "/srv/data/pipe", ...ROOT, mode: 0o644, checks: "a named pipe: must be archived as a fifo, never opened and read" },
  spaces: {
    kind: "file", path: "/srv/data/names/name with spaces.txt", ...ROOT, mode: 0o644,
    content: "spaces\n", checks: "spaces in a name (no shell may split it)",
  },
  utf8: {
    kind: "file", path: "/srv/data/names/café ☕.txt", ...ROOT, mode: 0o644,
    content: "utf-8\n", checks: "a UTF-8 name (é, and ☕ outside latin-1)",
  },
  latin1: {
    kind: "file", path: "/srv/data/names/latin1-café.txt",
    pathBytes: Buffer.concat([Buffer.from("/srv/data/names/latin1-caf"), Buffer.from([0xe9]), Buffer.from(".txt")]),
    ...ROOT, mode: 0o644, content: "latin-1\n", checks: "a name that is not valid UTF-8 (byte 0xE9)",
  },
  setuid: {
    kind: "file", path: "/srv/data/bin/suid-tool", ...ROOT, mode: 0o4755,
    content: "#!/bin/sh\necho 'the setuid bit must survive backup and restore'\n", checks: "mode 4755",
  },
  oldFile: {
    kind: "file", path: "/srv/data/old/2001-02-03.txt", ...ROOT, mode: 0o644, mtime: "2001-02-03T04:05:06.000Z",
    content: "written long ago\n", checks: "an old mtime must survive backup and restore",
  },
  emptyDir: { kind: "dir", path: "/srv/data/empty", ...ROOT, mode: 0o755, checks: "an empty directory must be restored" },
  carolHome: { kind: "dir", path: "/home/carol", ...CAROL, mode: 0o750, checks: "home owned by uid 1000, named carol only on the client" },
  carolProfile: { kind: "file", path: "/home/carol/.profile", ...CAROL, mode: 0o644, content: "export EDITOR=vi\n", checks: "a dotfile" },
  carolSecret: {
    kind: "file", path: "/home/carol/secret.txt", ...CAROL, mode: 0o600,
    content: "carol's secret\n", checks: "mode 0600 owned by carol: only root and carol may read it",
  },
} satisfies Record<string, SeedEntry>;

export type SeedEntryName = keyof typeof seedEntries;

/** The real name of an entry, as bytes (the only exact form for non-UTF-8 names). */
export function seedPathBytes(entry: SeedEntry): Buffer {
  return entry.pathBytes ? Buffer.from(entry.pathBytes) : Buffer.from(entry.path);
}

/** What every lab host holds besides a minimal system: for tests to assert on. */
export const seed = {
  /** Where the seeded data lives on each host. */
  roots: ["/srv/data", "/home/carol"],
  /** Narrow per entry (`entries.sparse.size` is known), yet each still a full SeedEntry. */
  entries: seedEntries as { readonly [K in SeedEntryName]: (typeof seedEntries)[K] & SeedEntry },
  /** The host's accounts (its /etc/passwd and /etc/group). */
  users: clientUsers,
  groups: clientGroups,
  /** Names that exist only on lab hosts, not on a stock Debian server. */
  clientOnlyNames: { users: ["carol", "webmaster"], groups: ["webteam", "clientonly"] },
} as const;
