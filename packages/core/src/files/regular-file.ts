import { constants } from "node:fs";
import { open, rename } from "node:fs/promises";
import { PullbakError } from "../errors.js";

/** Largest state file read (bytes) unless the caller says otherwise: pullbak's own files are a few kB. */
const DEFAULT_MAX_BYTES = 1024 * 1024;

function kindOf(stat: { isFIFO(): boolean; isDirectory(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (stat.isFIFO()) return "a FIFO";
  if (stat.isDirectory()) return "a directory";
  if (stat.isSocket()) return "a socket";
  return stat.isCharacterDevice() || stat.isBlockDevice() ? "a device" : "not a regular file";
}

function refused(file: string, what: string, why: string): PullbakError {
  return new PullbakError("UNSAFE_FILE", `${what} ${file} is ${why}; pullbak opens only regular files there and never follows a link (remove it by hand after looking at who made it)`);
}

/**
 * Reads a file pullbak keeps in a repository or state dir without ever
 * following a symlink (O_NOFOLLOW) or blocking on a FIFO (O_NONBLOCK), and
 * only when it is a regular file of at most `maxBytes` bytes. Why (issue
 * #10): a client's code could plant `lock.roster` as a link to another
 * host's files, or as a FIFO that hangs every later command of the host.
 *
 * @param what how the file is named in the error ("borg's lock roster")
 * @returns the text, or undefined when the file does not exist
 * @throws PullbakError UNSAFE_FILE when it is a link, not a regular file, or too large
 */
export async function readRegularFile(file: string, what: string, maxBytes = DEFAULT_MAX_BYTES): Promise<string | undefined> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ELOOP") throw refused(file, what, "a symbolic link");
    if (code === "ENXIO") throw refused(file, what, "a socket or a FIFO");
    throw error;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw refused(file, what, kindOf(stat));
    if (stat.size > maxBytes) throw refused(file, what, `${stat.size} bytes, larger than the ${maxBytes} bytes such a file ever has`);
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}

/**
 * Writes `text` to `file` atomically: a new temp file beside it, created
 * with O_EXCL|O_NOFOLLOW (nothing is written through a link), synced, then
 * renamed over `file` (rename replaces a link itself, never its target).
 * A crash leaves the old file or the new one, never half of one.
 */
export async function writeFileAtomically(file: string, text: string, mode = 0o600): Promise<void> {
  const temp = `${file}.tmp-${process.pid}-${Math.random().toString(16).slice(2)}`;
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
}
