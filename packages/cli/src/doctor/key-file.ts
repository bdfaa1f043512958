import { stat } from "node:fs/promises";

/**
 * Why a private key cannot be used, or undefined when it can: it must exist
 * and be readable by root alone (ssh refuses it otherwise, and a key others
 * can read is as good as leaked).
 */
export async function keyFileProblem(path: string): Promise<string | undefined> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) return info.code === "ENOENT" ? `there is no key at ${path}` : `cannot read ${path}: ${info.code ?? info.message}`;
  if (!info.isFile()) return `${path} is not a file`;
  const mode = info.mode & 0o777;
  if ((mode & 0o077) !== 0) return `${path} has mode ${mode.toString(8).padStart(4, "0")}, readable by others on this server`;
  return undefined;
}
