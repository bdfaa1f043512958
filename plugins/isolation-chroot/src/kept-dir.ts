import { chmod, lstat, readdir, rm } from "node:fs/promises";
import { join } from "node:path";

/** borg's lock files; no client borg of the host runs while pullbak holds the host's lock, so any found is stale. */
const LOCK_NAMES = new Set(["lock.exclusive", "lock.roster"]);

/**
 * Makes a dir that client code wrote and will use again (the client borg's
 * files and chunks cache, issue #10) hold nothing but plain files and
 * directories: anything else (a symlink, a FIFO that would hang a reader, a
 * device node, a socket), a hard-linked file, and borg's lock files (a lock
 * whose pid is checked in another PID namespace cannot be told stale) are
 * removed; setuid, setgid and sticky bits and every permission for group
 * and others go (files 0600 at most, dirs 0700). Never follows a link:
 * each entry is lstat'ed and nothing runs in the dir meanwhile (the host's
 * lock is held and no client command is running). Returns what was removed,
 * as paths relative to `dir`.
 */
export async function stripKeptDir(dir: string): Promise<string[]> {
  const removed: string[] = [];
  const visit = async (relative: string): Promise<void> => {
    const path = join(dir, relative);
    const names = await readdir(path);
    for (const name of names) {
      const child = relative === "" ? name : `${relative}/${name}`;
      const full = join(dir, child);
      const stats = await lstat(full);
      const plain = stats.isDirectory() || (stats.isFile() && stats.nlink === 1);
      if (!plain || LOCK_NAMES.has(name)) {
        await rm(full, { recursive: true, force: true });
        removed.push(child);
        continue;
      }
      const mode = stats.mode & (stats.isDirectory() ? 0o700 : 0o600);
      if ((stats.mode & 0o7777) !== mode) await chmod(full, mode);
      if (stats.isDirectory()) await visit(child);
    }
  };
  await visit("");
  return removed;
}
