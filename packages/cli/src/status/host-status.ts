import type { ArchiveSummary, RunRecord } from "@pullbak/core";

/** What `pullbak status` says of one host (issue #11). Times ISO 8601 UTC; ages and durations in seconds. */
export interface HostStatus {
  host: string;
  /** The newest backup's result; "never" when the host has no backup record; "running" while one runs. */
  lastResult: RunRecord["result"] | "never" | "running";
  /** When the newest backup attempt started. */
  lastAttempt?: string;
  /** Seconds the newest finished backup attempt took. */
  lastDurationSeconds?: number;
  /** The newest archive of an ok (or warnings) backup. */
  newestGood?: { archive?: string; end: string; ageSeconds: number; originalBytes?: number; deduplicatedBytes?: number };
  /** With --verify: the newest archive the repository itself lists. */
  repository?: { newestArchive?: string; newestStart?: string; error?: string };
  maxAgeSeconds: number;
  /** Why the host needs attention; empty when it is fine. */
  attention: string[];
}

const GOOD = new Set<string>(["ok", "warnings"]);

/**
 * Judges a host from its run records (oldest first): it needs attention when
 * it was never backed up, when its newest backup attempt did not succeed
 * (failed, interrupted, skipped), or when its newest good backup is older
 * than `maxAge`. `running` is a live marker's pid, when a backup runs now.
 */
export function hostStatus(host: string, records: readonly RunRecord[], maxAgeSeconds: number, now: Date, running?: string): HostStatus {
  const backups = records.filter((r) => r.action === "backup");
  const last = backups.at(-1);
  const good = [...backups].reverse().find((r) => GOOD.has(r.result));
  const status: HostStatus = { host, lastResult: running ? "running" : (last?.result ?? "never"), maxAgeSeconds, attention: [] };
  if (running) status.lastAttempt = running;
  else if (last) status.lastAttempt = last.start;
  if (last) status.lastDurationSeconds = last.durationSeconds;
  if (good) {
    const ageSeconds = Math.max(0, Math.round((now.getTime() - Date.parse(good.end)) / 1000));
    status.newestGood = {
      end: good.end,
      ageSeconds,
      ...(good.archive ? { archive: good.archive } : {}),
      ...(good.stats ? { originalBytes: good.stats.originalBytes, deduplicatedBytes: good.stats.deduplicatedBytes } : {}),
    };
    if (ageSeconds > maxAgeSeconds) status.attention.push(`newest good backup is older than maxAge (${maxAgeSeconds} s)`);
  } else status.attention.push("never backed up");
  if (last && !GOOD.has(last.result)) status.attention.push(`last backup ${last.result}${last.error ? `: ${last.error.message.split("\n")[0]}` : ""}`);
  return status;
}

/** Adds what the repository says (--verify): no archive at all, or none within maxAge, needs attention too. */
export function verifiedStatus(status: HostStatus, archives: readonly ArchiveSummary[] | Error, now: Date): HostStatus {
  if (archives instanceof Error) {
    status.repository = { error: archives.message };
    status.attention.push(`repository could not be read: ${archives.message.split("\n")[0]}`);
    return status;
  }
  const newest = [...archives].sort((a, b) => a.start.localeCompare(b.start)).at(-1);
  status.repository = newest ? { newestArchive: newest.name, newestStart: newest.start } : {};
  if (!newest) status.attention.push("repository holds no archive");
  else if ((now.getTime() - Date.parse(newest.start)) / 1000 > status.maxAgeSeconds) status.attention.push("repository's newest archive is older than maxAge");
  if (status.newestGood?.archive && !archives.some((a) => a.name === status.newestGood!.archive)) {
    status.attention.push(`archive ${status.newestGood.archive} of the last good backup is not in the repository`);
  }
  return status;
}
