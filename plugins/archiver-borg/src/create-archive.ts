import type { CreateRequest, CreateResult, Job, Runner } from "@pullbak/core";
import { archiveLocation } from "./borg-command.js";
import { parseBorgJson } from "./borg-errors.js";
import type { BorgLog } from "./borg-log.js";
import { excludeArguments } from "./exclude-patterns.js";
import { formatBytes, PullbakError } from "@pullbak/core";
import type { BorgOptions } from "./options.js";
import { borgPatchEnvironment } from "./borg-patches.js";
import { runBorg } from "./run-borg.js";
import { applyStorageQuota } from "./storage-quota.js";

interface CreateJson {
  archive?: { name?: string; stats?: { nfiles?: number; original_size?: number; deduplicated_size?: number } };
}

function statsOf(job: Job, stdout: string): CreateResult["stats"] {
  if (stdout.trim() === "") {
    if (job.commands.dryRun) return undefined;
    // With isolation chroot the client's own borg runs, and code of the client's may have had it do something else (issue #10).
    throw new PullbakError("ARCHIVER_FAILED", `host ${job.host.name}: borg create exited 0 but reported no archive; the archive was not created (with isolation chroot, the client's own borg runs: check the client)`);
  }
  const stats = parseBorgJson<CreateJson>(job, "create", stdout).archive?.stats;
  if (!stats) return undefined;
  return { files: stats.nfiles ?? 0, originalBytes: stats.original_size ?? 0, deduplicatedBytes: stats.deduplicated_size ?? 0 };
}

/** "12 added, 3 modified, 1219 unchanged": from `--list --filter=AME`, which lists only changed files. */
function changeSummary(log: BorgLog, files: number): string {
  const added = log.fileStatus.get("A") ?? 0;
  const modified = log.fileStatus.get("M") ?? 0;
  const failed = log.fileStatus.get("E") ?? 0;
  const unchanged = Math.max(0, files - added - modified - failed);
  return `${added} added, ${modified} modified, ${unchanged} unchanged${failed ? `, ${failed} unreadable` : ""}`;
}

/**
 * `borg create` of the request's sources, as the runner sees them.
 * - `--files-cache=ctime,size`: sshfs has no stable inode numbers, so the
 *   default (ctime,size,inode) would re-read every file on every run.
 *   Over SFTP the "ctime" borg sees is the mtime (SFTP v3 has no ctime), so
 *   a same-size change that keeps its mtime is never read again;
 *   `request.fullRead` (`run --full-read`) uses `--files-cache=disabled`,
 *   which reads and chunks every file (issue 15).
 * - `--noflags` unless `readFlags`: SFTP carries no file flags, and asking
 *   for them costs a round trip per file.
 * - user and group names are recorded (no --numeric-ids): inside the chroot
 *   they are the client's names, which is the point of the chroot.
 * - `filesCacheFirst` (default): the `files-cache-first` patch, so an
 *   unchanged file is taken from the files cache without an SFTP open
 *   (issue 16; docs/performance.md).
 * - borg's exit 1 (a file vanished or could not be read) is a result with
 *   warnings, 2 an error, a cancel makes borg write a checkpoint and stop.
 */
export async function createArchive(job: Job, runner: Runner, request: CreateRequest, options: BorgOptions): Promise<CreateResult> {
  const args = [
    "--progress",
    "--json",
    "--list",
    "--filter=AME",
    request.fullRead ? "--files-cache=disabled" : "--files-cache=ctime,size",
    ...(options.oneFileSystem ? ["--one-file-system"] : []),
    ...(options.readFlags ? [] : ["--noflags"]),
    ...(options.compression ? [`--compression=${options.compression}`] : []),
    ...excludeArguments(runner, request.excludes),
    "--",
    archiveLocation(runner, request.archiveName),
    ...request.sources.map((source) => runner.clientPath(source)),
  ];
  const aftermath = `borg may have kept the data saved so far as archive ${request.archiveName}.checkpoint (hidden from list; the next run reuses it)`;
  // special-files always: every special file is archived as what it is or named (issue 15).
  const env = borgPatchEnvironment(runner, [
    ...(options.filesCacheFirst ? (["files-cache-first"] as const) : []),
    "special-files",
    "serve-channel",
    "background-selftest",
  ]);
  await applyStorageQuota(job, runner);
  const outcome = await runBorg(job, runner, "create", args, { aftermath, env });
  const stats = statsOf(job, outcome.stdout);
  if (stats) {
    const summary = `${stats.files} files (${changeSummary(outcome.log, stats.files)}), ${formatBytes(stats.originalBytes)} read, ${formatBytes(stats.deduplicatedBytes)} new`;
    job.log.info(`archive ${request.archiveName}: ${summary}`);
  }
  const warnings = outcome.exitCode === 1 ? outcome.log.warningLines() : [];
  // The exit code is what counts: borg said "warning" even if it logged no line saying why.
  if (outcome.exitCode === 1 && warnings.length === 0) warnings.push("borg create finished with warnings (exit 1) but named none");
  return stats ? { archive: request.archiveName, warnings, stats } : { archive: request.archiveName, warnings };
}
