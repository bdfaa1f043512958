import { readFile } from "node:fs/promises";
import { pathsFromNulList, PullbakError } from "@pullbak/core";

/**
 * The client paths a restore was asked for, checked before anything runs:
 * each must be absolute (a client path as the client names it). Shared by
 * `restore` and `run --plugin <restorer>` so both take paths the same way
 * (issue 15).
 *
 * @throws PullbakError USAGE (exit 78) naming the first relative path.
 */
export function restorePaths(command: string, paths: readonly string[]): string[] {
  for (const path of paths) {
    if (!path.startsWith("/")) throw new PullbakError("USAGE", `${command}: ${path}: paths are absolute client paths, e.g. /etc/hosts`);
  }
  return [...paths];
}

/** More than any list of paths a person restores; the file is read whole. */
const MAX_LIST_BYTES = 64 * 1024 * 1024;

async function readAll(file: string): Promise<Buffer> {
  if (file !== "-") return readFile(file);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_LIST_BYTES) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * `--paths-from FILE --null`: restore paths read from FILE (`-`: stdin) as
 * bytes, separated by NUL (`find -print0`, `pullbak list --json`'s
 * `pathBytes`), so any name a client has, a latin-1 byte or a newline
 * included, is restored exactly (issue 15). Without `--null`, one path a
 * line (bytes too; a newline then cannot be part of a name).
 *
 * @throws PullbakError USAGE (exit 78) when FILE cannot be read, is larger
 *   than 64 MiB, holds no path, or a path is not absolute.
 */
export async function restorePathsFrom(command: string, file: string, nul: boolean): Promise<string[]> {
  const bytes = await readAll(file).catch((error: NodeJS.ErrnoException) => {
    throw new PullbakError("USAGE", `${command}: --paths-from ${file}: ${error.code ?? error.message}`);
  });
  if (bytes.length > MAX_LIST_BYTES) throw new PullbakError("USAGE", `${command}: --paths-from ${file}: more than 64 MiB of paths`);
  const paths = nul ? pathsFromNulList(bytes) : pathsFromNulList(Buffer.from(bytes.map((byte) => (byte === 0x0a ? 0 : byte))));
  if (paths.length === 0) throw new PullbakError("USAGE", `${command}: --paths-from ${file}: no path in it`);
  return restorePaths(command, paths);
}
