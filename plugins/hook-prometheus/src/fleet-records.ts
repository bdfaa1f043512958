import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";
import { readRunRecords, type RunRecord } from "@pullbak/core";

/** What the metrics need of one host: its newest backup, and its newest good one. */
export interface HostBackups {
  host: string;
  last: RunRecord;
  lastSuccess?: RunRecord;
  /** The newest backup that reported archive figures. */
  lastStats?: RunRecord;
}

/**
 * Every host's backup records under `<stateDir>/hosts/*` (issue #13). The
 * run records are the fleet's shared state: each host's job rewrites the
 * file from all of them, so the file holds every host whichever wrote last,
 * and a lost write is mended by the next. Entries that are not plain
 * directories (a planted link) are skipped.
 */
export async function fleetBackups(stateDir: string): Promise<HostBackups[]> {
  const hostsDir = join(stateDir, "hosts");
  let names: string[];
  try {
    names = (await readdir(hostsDir)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const result: HostBackups[] = [];
  for (const name of names) {
    const dir = join(hostsDir, name);
    if (!(await lstat(dir)).isDirectory()) continue;
    const backups = (await readRunRecords(dir)).filter((r) => r.action === "backup" && r.host === name);
    const last = backups.at(-1);
    if (!last) continue;
    const lastSuccess = backups.findLast((r) => r.result === "ok" || r.result === "warnings");
    const lastStats = backups.findLast((r) => r.stats !== undefined);
    result.push({ host: name, last, ...(lastSuccess ? { lastSuccess } : {}), ...(lastStats ? { lastStats } : {}) });
  }
  return result;
}
