import { mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { RunAction, RunRecord } from "../contracts/run-record.js";
import { processAlive } from "../engine/process-alive.js";
import { ExitCode } from "../exit-codes.js";
import { builtinDefaults } from "../config/defaults.js";
import { readRegularFile, writeFileAtomically } from "../files/regular-file.js";

/** Records kept per host when the config does not say (`keepRuns`). */
export const DEFAULT_KEEP_RUNS: number = builtinDefaults.keepRuns;

/** Largest record file read back, in bytes: a record is a few hundred bytes; anything larger is not one of ours. */
const MAX_RECORD_BYTES = 1024 * 1024;

export function runRecordsDir(hostStateDir: string): string {
  return join(hostStateDir, "runs");
}

/** Sortable, unique per process and job: `2026-11-29T02-00-00.123Z-backup-4242`. */
function recordBaseName(record: Pick<RunRecord, "start" | "action" | "pid">): string {
  return `${record.start.replaceAll(":", "-")}-${record.action}-${record.pid}`;
}

function recordFileName(record: RunRecord): string {
  return `${recordBaseName(record)}.json`;
}

/** Suffix of a job's "started" marker: the journal of a run that has no record yet. */
const RUNNING = ".running";

/**
 * Writes the marker of a job that has started (`<name>.running`, the record
 * to be, without an end). `writeRunRecord` of the same start, action and pid
 * removes it; a marker whose pid is gone (SIGKILL, OOM killer, power loss)
 * is read back as an `interrupted` record (issue #11).
 *
 * @returns the start to give the job's final record, so the two pair up.
 */
export async function markRunStarted(hostStateDir: string, host: string, action: RunAction, start = new Date()): Promise<Date> {
  const dir = runRecordsDir(hostStateDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const marker = { version: 1, host, action, start: start.toISOString(), pid: process.pid };
  await writeFileAtomically(join(dir, `${recordBaseName(marker)}${RUNNING}`), `${JSON.stringify(marker)}\n`);
  return start;
}

/**
 * Writes `record` atomically (a temp file in the same directory, fsync, rename),
 * so a crash mid-write leaves either the old set of records or the new one,
 * never half a file. Then removes the oldest records beyond `keep`.
 * The temp file is created with O_EXCL|O_NOFOLLOW: nothing is written through a link.
 */
export async function writeRunRecord(hostStateDir: string, record: RunRecord, keep = DEFAULT_KEEP_RUNS): Promise<string> {
  const dir = runRecordsDir(hostStateDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, recordFileName(record));
  await writeFileAtomically(file, `${JSON.stringify(record, null, 2)}\n`);
  await rm(join(dir, `${recordBaseName(record)}${RUNNING}`), { force: true });
  await pruneRunRecords(dir, keep);
  return file;
}

async function recordFiles(dir: string, suffix = ".json"): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => name.endsWith(suffix)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

async function pruneRunRecords(dir: string, keep: number): Promise<void> {
  const files = await recordFiles(dir);
  for (const name of files.slice(0, Math.max(0, files.length - keep))) await rm(join(dir, name), { force: true });
}

/** A record file's text; anything but a regular file of sane size (a link, a FIFO) yields undefined: it is skipped. */
async function readRecordFile(file: string): Promise<string | undefined> {
  return readRegularFile(file, "run record", MAX_RECORD_BYTES).catch(() => undefined);
}

function isRunRecord(value: unknown): value is RunRecord {
  const record = value as Partial<RunRecord> | null;
  return (
    typeof record === "object" &&
    record !== null &&
    record.version === 1 &&
    typeof record.host === "string" &&
    typeof record.action === "string" &&
    typeof record.start === "string" &&
    typeof record.result === "string"
  );
}

/**
 * A host's records, oldest first. A file that is not a readable record (a
 * leftover temp file, a truncated or foreign file) is skipped, never fatal:
 * one bad file must not stop `status` for the whole fleet.
 */
export async function readRunRecords(hostStateDir: string): Promise<RunRecord[]> {
  const dir = runRecordsDir(hostStateDir);
  const records: RunRecord[] = [];
  for (const name of await recordFiles(dir)) {
    const parsed = await readJson(join(dir, name));
    if (isRunRecord(parsed)) records.push(parsed);
  }
  records.push(...(await killedRuns(dir)));
  return records.sort((a, b) => a.start.localeCompare(b.start));
}

async function readJson(file: string): Promise<unknown> {
  const text = await readRecordFile(file);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined; // not a record
  }
}

/**
 * Jobs whose marker is left and whose pid is gone: they never wrote their
 * record because nothing of them ran to the end (SIGKILL, crash). Each
 * becomes an `interrupted` record, written so that it stays after the
 * marker's cleanup (best effort: a read-only reader still sees it).
 */
async function killedRuns(dir: string): Promise<RunRecord[]> {
  const found: RunRecord[] = [];
  for (const name of await recordFiles(dir, RUNNING)) {
    const marker = (await readJson(join(dir, name))) as Partial<RunRecord> | undefined;
    if (!marker || typeof marker.pid !== "number" || typeof marker.start !== "string" || typeof marker.host !== "string") continue;
    if (marker.pid === process.pid || processAlive(marker.pid)) continue;
    const start = new Date(marker.start);
    const record: RunRecord = {
      version: 1,
      host: marker.host,
      action: (marker.action ?? "backup") as RunAction,
      start: marker.start,
      // When it died is not known; the marker's start is the only time it left.
      end: marker.start,
      durationSeconds: 0,
      result: "interrupted",
      exitCode: ExitCode.interrupted,
      warnings: [],
      error: { code: "INTERRUPTED", message: `pullbak (pid ${marker.pid}) ended without finishing this ${marker.action ?? "job"} started ${start.toISOString()}: killed (SIGKILL, OOM killer) or the server went down` },
      pid: marker.pid,
    };
    found.push(record);
    try {
      await writeFileAtomically(join(dir, recordFileName(record)), `${JSON.stringify(record, null, 2)}\n`);
      await rm(join(dir, name), { force: true });
    } catch {
      // A reader without write access still reports it.
    }
  }
  return found;
}

/** A job of this host that runs now: its marker, its pid alive. */
export interface RunningJob {
  action: RunAction;
  start: string;
  pid: number;
}

/** Jobs of the host that are running now (their marker is there and their pid alive), oldest first. */
export async function runningJobs(hostStateDir: string): Promise<RunningJob[]> {
  const dir = runRecordsDir(hostStateDir);
  const found: RunningJob[] = [];
  for (const name of await recordFiles(dir, RUNNING)) {
    const marker = (await readJson(join(dir, name))) as Partial<RunningJob> | undefined;
    if (!marker || typeof marker.pid !== "number" || typeof marker.start !== "string") continue;
    if (processAlive(marker.pid)) found.push({ action: (marker.action ?? "backup") as RunAction, start: marker.start, pid: marker.pid });
  }
  return found;
}
