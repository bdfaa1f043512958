import { constants } from "node:fs";
import { open, rename } from "node:fs/promises";

/**
 * Writes `text` to `file` atomically (a temp file in the same directory,
 * fsync, rename), so a crash mid-write leaves the old file or the new one,
 * never half a file. The temp file is created with O_EXCL|O_NOFOLLOW, mode
 * 0600: nothing is written through a link another process planted.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.tmp-${process.pid}-${Math.random().toString(16).slice(2)}`;
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
}

/**
 * Reads one file without following a link and without blocking on a FIFO;
 * anything but a regular file of at most `maxBytes` bytes (a link, a FIFO, a
 * directory, a missing file) yields undefined.
 */
export async function readRegularFile(file: string, maxBytes: number): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size > maxBytes) return undefined;
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}
