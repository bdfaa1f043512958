import { constants } from "node:fs";
import { open } from "node:fs/promises";

/** Largest token file read, in bytes: a bearer token is a line, not a document. */
const MAX_TOKEN_BYTES = 64 * 1024;

/**
 * Reads a bearer token from `file` at send time (so a rotated token is
 * picked up without a config change): the first line, trimmed. The file is
 * opened without following a link and must be a regular file; its content
 * never reaches a message, only the path does.
 * @throws Error naming the file when it cannot be read or is empty
 */
export async function readTokenFile(file: string): Promise<string> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    throw new Error(`cannot read the token file ${file}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size > MAX_TOKEN_BYTES) throw new Error(`the token file ${file} is not a regular file of at most ${MAX_TOKEN_BYTES} bytes`);
    const token = (await handle.readFile("utf8")).split("\n")[0]!.trim();
    if (!token) throw new Error(`the token file ${file} is empty`);
    return token;
  } finally {
    await handle.close();
  }
}
