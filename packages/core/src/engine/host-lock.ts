import { mkdir, open, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { PullbakError } from "../errors.js";

interface LockHolder {
  pid: number;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * One job per host at a time: the second fails fast with the holder's pid and
 * start time. A lock whose process is gone (SIGKILL, crash) is taken over.
 */
export async function lockHost(stateDir: string, host: string): Promise<() => Promise<void>> {
  const dir = join(stateDir, "locks");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${host}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, "wx", 0o600);
      await handle.writeFile(JSON.stringify({ pid: process.pid, since: new Date().toISOString() } satisfies LockHolder));
      await handle.close();
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = await readHolder(file);
      if (holder && alive(holder.pid)) {
        throw new PullbakError("HOST_BUSY", `host ${host}: another pullbak run holds ${file} (pid ${holder.pid}, since ${holder.since})`);
      }
      await rm(file, { force: true });
    }
  }
  throw new PullbakError("HOST_BUSY", `host ${host}: could not take ${file}`);
}

async function readHolder(file: string): Promise<LockHolder | undefined> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as LockHolder;
  } catch {
    return undefined;
  }
}
