import { constants } from "node:fs";
import { mkdir, open, rm } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { PullbakError } from "../errors.js";
import { readRegularFile } from "../files/regular-file.js";
import { processAlive } from "./process-alive.js";

export interface LockHolder {
  pid: number;
  since: string;
}


/**
 * The holder a lock file names; undefined while it is still empty (being
 * written). A link or a FIFO in its place is refused (UNSAFE_FILE), never
 * followed or waited on (issue #10).
 */
async function readHolder(file: string): Promise<LockHolder | undefined> {
  const text = await readRegularFile(file, "the host lock", 64 * 1024);
  try {
    return text === undefined ? undefined : (JSON.parse(text) as LockHolder);
  } catch {
    return undefined;
  }
}

/** One attempt: the lock, or the live holder. A holder whose process is gone (SIGKILL, crash) is taken over. */
async function tryLock(file: string, onStale?: (holder: LockHolder) => void): Promise<{ release: () => Promise<void> } | { holder: LockHolder }> {
  for (;;) {
    try {
      // O_EXCL: a link planted in the lock's place makes this fail (EEXIST), never write through it.
      const handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      await handle.writeFile(JSON.stringify({ pid: process.pid, since: new Date().toISOString() } satisfies LockHolder));
      await handle.close();
      return { release: () => rm(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = await readHolder(file);
    // A holder that has not written its pid yet is alive by definition.
    if (!holder) return { holder: { pid: 0, since: "just now" } };
    if (processAlive(holder.pid)) return { holder };
    await rm(file, { force: true });
    onStale?.(holder);
  }
}

/**
 * One job per host at a time. The second waits up to `waitSeconds` (config
 * `lockWait`), then fails naming the holder's pid and start time. Locks are
 * per host, so runs for different hosts never block each other.
 */
export async function lockHost(
  stateDir: string,
  host: string,
  waitSeconds = 0,
  signal?: AbortSignal,
  /** Told when the lock of a run that died (SIGKILL, crash) is taken over, so the user hears of it. */
  onStale?: (holder: LockHolder, file: string) => void,
): Promise<() => Promise<void>> {
  const dir = join(stateDir, "locks");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${host}.lock`);
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    const attempt = await tryLock(file, onStale && ((holder) => onStale(holder, file)));
    if ("release" in attempt) return attempt.release;
    if (Date.now() >= deadline || signal?.aborted) {
      const waited = waitSeconds > 0 ? ` after waiting ${waitSeconds} s` : "";
      throw new PullbakError("HOST_BUSY", `host ${host}: another pullbak run holds ${file} (pid ${attempt.holder.pid}, since ${attempt.holder.since})${waited}`);
    }
    await sleep(Math.min(1000, Math.max(50, deadline - Date.now())));
  }
}
