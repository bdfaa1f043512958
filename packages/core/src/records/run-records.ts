import { mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { RunRecord } from "../contracts/run-record.js";
import { readRegularFile, writeFileAtomically } from "../files/regular-file.js";

/** Records kept per host when the config does not say (`keepRuns`). */
export const DEFAULT_KEEP_RUNS = 100;

/** Largest record file read back, in bytes: a record is a few hundred bytes; anything larger is not one of ours. */
const MAX_RECORD_BYTES = 1024 * 1024;

export function runRecordsDir(hostStateDir: string): string {
  return join(hostStateDir, "runs");
}

/** Sortable, unique per process and job: `2026-11-29T02-00-00.123Z-backup-4242.json`. */
function recordFileName(record: RunRecord): string {
  return `${record.start.replaceAll(":", "-")}-${record.action}-${record.pid}.json`;
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
  await pruneRunRecords(dir, keep);
  return file;
}

async function recordFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => name.endsWith(".json")).sort();
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
    const text = await readRecordFile(join(dir, name));
    if (text === undefined) continue;
    try {
      const parsed: unknown = JSON.parse(text);
      if (isRunRecord(parsed)) records.push(parsed);
    } catch {
      // not a record
    }
  }
  return records.sort((a, b) => a.start.localeCompare(b.start));
}
