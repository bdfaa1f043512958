import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { FullReadSchedule } from "../config/resolve-host.js";
import type { Job } from "../contracts/job.js";
import { readRegularFile, writeFileAtomically } from "../files/regular-file.js";

/** `<hostStateDir>/full-read.json`: what the schedule counts from. */
interface FullReadState {
  /** Backups that did not read every file since the last one that did (or since counting began). */
  runsSince: number;
  /** When the last full read finished, or when counting began (ISO 8601, UTC). */
  since: string;
  /** Whether `since` is a full read's time (false: the first run counted, no full read seen yet). */
  sinceFullRead: boolean;
}

const FILE = "full-read.json";
const WHAT = "pullbak's full-read counter";

function stateFile(job: Job): string {
  return join(job.hostStateDir, FILE);
}

async function readState(job: Job): Promise<FullReadState | undefined> {
  let text: string | undefined;
  try {
    text = await readRegularFile(stateFile(job), WHAT, 4096);
  } catch (error) {
    // A link or FIFO planted there is never followed; the count starts again and the file is replaced.
    job.log.warn(`host ${job.host.name}: ${error instanceof Error ? error.message : String(error)}; counting full reads starts again`);
    return undefined;
  }
  if (text === undefined) return undefined;
  try {
    const state = JSON.parse(text) as Partial<FullReadState>;
    if (typeof state.runsSince === "number" && typeof state.since === "string" && !Number.isNaN(Date.parse(state.since))) {
      return { runsSince: state.runsSince, since: state.since, sinceFullRead: state.sinceFullRead === true };
    }
  } catch {
    // A damaged counter starts again, below.
  }
  job.log.warn(`host ${job.host.name}: ${stateFile(job)} is not a full-read counter pullbak wrote; counting starts again`);
  return undefined;
}

function describe(schedule: FullReadSchedule): string {
  if ("runs" in schedule) return `every ${schedule.runs} run${schedule.runs === 1 ? "" : "s"}`;
  const days = schedule.seconds / 86_400;
  return Number.isInteger(days) ? `every ${days} day${days === 1 ? "" : "s"}` : `every ${schedule.seconds} s`;
}

/**
 * Whether this backup reads every file again (issue 15). Over SFTP borg's
 * files cache compares size and mtime only ("ctime" is the mtime there), so
 * a same-size edit that keeps its mtime is never read again unless a run
 * disables the cache. Config `fullReadEvery` (`{ runs: N }`: this run is the
 * Nth since the last full read; `{ seconds }`: that long has passed since
 * it) schedules such runs; `asked` is `run --full-read`. Counting begins at
 * the first backup that sees the setting (no counter file yet).
 *
 * @returns why every file is read, or undefined for a normal run.
 */
export async function fullReadReason(job: Job, asked: boolean, now = new Date()): Promise<string | undefined> {
  if (asked) return "asked (--full-read)";
  const schedule = job.host.fullReadEvery;
  if (!schedule) return undefined;
  const state = await readState(job);
  if (!state) return undefined;
  const from = state.sinceFullRead ? "since the last full read" : "since counting began";
  if ("runs" in schedule) {
    const run = state.runsSince + 1;
    return run >= schedule.runs ? `scheduled (${describe(schedule)}: run ${run} ${from})` : undefined;
  }
  const elapsed = Math.floor((now.getTime() - Date.parse(state.since)) / 1000);
  return elapsed >= schedule.seconds ? `scheduled (${describe(schedule)}: ${elapsed} s ${from}, ${state.since})` : undefined;
}

/**
 * After a backup that created its archive: a full read resets the count,
 * any other run adds one. Written atomically, never through a link (the
 * state dir's rule, core/files/regular-file.ts).
 */
export async function countFullRead(job: Job, fullRead: boolean, now = new Date()): Promise<void> {
  if (job.commands.dryRun) return;
  const previous = fullRead ? undefined : await readState(job);
  const state: FullReadState = fullRead
    ? { runsSince: 0, since: now.toISOString(), sinceFullRead: true }
    : { runsSince: (previous?.runsSince ?? 0) + 1, since: previous?.since ?? now.toISOString(), sinceFullRead: previous?.sinceFullRead ?? false };
  await mkdir(job.hostStateDir, { recursive: true, mode: 0o700 });
  await writeFileAtomically(stateFile(job), `${JSON.stringify(state)}\n`);
}

/** What `run --verbose` says about the schedule when this run is a normal one. */
export async function fullReadOutlook(job: Job): Promise<string | undefined> {
  const schedule = job.host.fullReadEvery;
  if (!schedule) return undefined;
  const state = await readState(job);
  if (!state) return `full re-read ${describe(schedule)}: counting starts with this run`;
  const from = state.sinceFullRead ? `the last full read (${state.since})` : `counting began (${state.since})`;
  return `full re-read ${describe(schedule)}: ${state.runsSince} run${state.runsSince === 1 ? "" : "s"} since ${from}`;
}
