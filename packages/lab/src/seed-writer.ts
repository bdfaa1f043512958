import { chmod, chown, lchown, link, lutimes, mkdir, open, symlink, utimes, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { execa } from "execa";
import { type SeedEntry, seedEntries, seedPathBytes } from "./seed-data.js";

/**
 * Creates the seed (seed-data.ts) inside a host's root tree. Order matters:
 * directories before what is in them, a hard link after its target, owners
 * before modes (chown clears setuid bits), mtimes last and deepest first
 * (creating an entry touches its directory's mtime).
 */
export async function writeSeed(rootDir: string): Promise<void> {
  const entries: SeedEntry[] = Object.values(seedEntries);
  const at = (entry: SeedEntry) => Buffer.concat([Buffer.from(rootDir), seedPathBytes(entry)]);
  const byDepth = (a: SeedEntry, b: SeedEntry) => seedPathBytes(a).length - seedPathBytes(b).length;

  for (const entry of entries.filter((e) => e.kind === "dir").sort(byDepth)) {
    await mkdir(at(entry), { recursive: true });
  }
  for (const entry of entries) await mkdir(dirname(`${rootDir}${entry.path}`), { recursive: true });

  for (const entry of entries) {
    const path = at(entry);
    switch (entry.kind) {
      case "file":
        await writeFile(path, entry.content);
        break;
      case "sparse":
        await writeSparse(path, entry.content, entry.size);
        break;
      case "fifo":
        // Node has no mkfifo(3); the seeded fifo names are plain ASCII.
        await execa("mkfifo", ["--", path.toString()]);
        break;
      default:
        break;
    }
  }
  for (const entry of entries) {
    if (entry.kind === "hardlink") await link(`${rootDir}${entry.linkTo}`, at(entry));
    if (entry.kind === "symlink") await symlink(entry.target, at(entry));
  }

  for (const entry of entries) {
    if (entry.kind === "hardlink") continue;
    if (entry.kind === "symlink") {
      await lchown(at(entry), entry.uid, entry.gid);
      continue;
    }
    await chown(at(entry), entry.uid, entry.gid);
    await chmod(at(entry), entry.mode);
  }

  for (const entry of entries.filter((e) => e.mtime !== undefined).sort(byDepth).reverse()) {
    const time = new Date(entry.mtime as string);
    if (entry.kind === "symlink") await lutimes(at(entry), time, time);
    else await utimes(at(entry), time, time);
  }
}

/** Writes `content` at offset 0 and extends the file with a hole to `size`. */
async function writeSparse(path: Buffer, content: string, size: number): Promise<void> {
  const file = await open(path, "w");
  try {
    await file.write(content, 0);
    await file.truncate(size);
  } finally {
    await file.close();
  }
}
