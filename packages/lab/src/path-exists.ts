import { lstat } from "node:fs/promises";

/** Whether anything (even a dangling symlink) exists at `path`. */
export async function pathExists(path: string | Buffer): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
