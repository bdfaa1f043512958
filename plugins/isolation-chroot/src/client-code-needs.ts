import { chmod, mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Job, Need, ServedNeed } from "@pullbak/core";
import { stripKeptDir } from "./kept-dir.js";

/** `<hostStateDir>/client-code`: every server-side dir the client's code may write, and the channels. */
export function clientCodeBase(hostStateDir: string): string {
  return join(hostStateDir, "client-code");
}

/** The need name a served need's channel dir is bound under (reserved: no archiver need may start with it). */
export const CHANNEL_PREFIX = "channel-";
/** The FIFOs in a channel dir, named from the server program's side. */
export const TO_SERVER = "to-server";
export const FROM_SERVER = "from-server";

/** A served need as the chroot sets it up: the channel dir bound read-only, the server command run per command. */
export interface ServedChannel {
  name: string;
  /** Server-side dir holding the two FIFOs; bound read-only at `/.pullbak/channel-<name>`. */
  dir: string;
  served: ServedNeed;
}

export interface ClientCodeNeeds {
  /** What is bound into the chroot (sources replaced where the client's code gets its own). */
  bound: Need[];
  served: ServedChannel[];
}

async function freshDir(job: Job, dir: string): Promise<void> {
  job.commands.note(`rm -rf ${dir} && mkdir -m 0700 ${dir}`);
  if (job.commands.dryRun) return;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

async function keptDir(job: Job, dir: string, when: string): Promise<void> {
  job.commands.note(`strip ${dir} of all but plain files and directories, and of setuid/setgid bits`);
  if (job.commands.dryRun) return;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const removed = await stripKeptDir(dir);
  if (removed.length > 0) {
    const shown = removed.slice(0, 5).join(", ") + (removed.length > 5 ? `, and ${removed.length - 5} more` : "");
    job.log.debug(`host ${job.host.name}: ${when}, removed from ${dir} what is not a plain file or directory (or a stale lock): ${shown}`);
  }
}

/**
 * What the needs become for the CLIENT's code (issue #10). A served need
 * is never bound: a channel dir takes its place. A writable need gets a
 * dir of the client code's own under `<hostStateDir>/client-code/`:
 * "private" ones are emptied before and after the run, "private-kept" ones
 * are stripped (stripKeptDir) before and after. The undo steps are pushed
 * onto the job's stack.
 */
export async function clientCodeNeeds(job: Job, needs: readonly Need[]): Promise<ClientCodeNeeds> {
  const base = clientCodeBase(job.hostStateDir);
  job.commands.note(`mkdir -p -m 0700 ${base}`);
  if (!job.commands.dryRun) {
    await mkdir(base, { recursive: true, mode: 0o700 });
    await chmod(base, 0o700);
  }
  const bound: Need[] = [];
  const served: ServedChannel[] = [];
  for (const need of needs) {
    if (need.served) {
      const dir = join(base, `${CHANNEL_PREFIX}${need.name}`);
      job.undo.push(`remove channel ${dir}`, () => rm(dir, { recursive: true, force: true }));
      await freshDir(job, dir);
      served.push({ name: need.name, dir, served: need.served });
      bound.push({ name: `${CHANNEL_PREFIX}${need.name}`, source: dir, writable: false });
      continue;
    }
    const access = need.forClientCode ?? (need.writable ? "private" : "read-only");
    if (access === "read-only") {
      bound.push({ name: need.name, source: need.source, writable: false });
      continue;
    }
    const dir = join(base, need.name);
    if (access === "private") {
      job.undo.push(`empty ${dir}`, () => rm(dir, { recursive: true, force: true }));
      await freshDir(job, dir);
    } else {
      job.undo.push(`strip ${dir}`, () => keptDir(job, dir, "after the run"));
      await keptDir(job, dir, "before the run");
    }
    bound.push({ name: need.name, source: dir, writable: true });
  }
  return { bound, served };
}
