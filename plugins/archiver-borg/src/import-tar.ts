import { escapeControl, formatBytes, type CreateResult, type ImportTarRequest, type Job, PullbakError, type Runner } from "@pullbak/core";
import { archiveLocation, borgCommand } from "./borg-command.js";
import { borgFailed, borgStopped } from "./borg-errors.js";
import { BorgLog } from "./borg-log.js";
import { showBorgEvent } from "./borg-progress.js";
import { markIncomplete } from "./mark-incomplete.js";
import { unsafeArchivedPath } from "./unsafe-archived-path.js";
import { runBorg } from "./run-borg.js";
import { applyStorageQuota } from "./storage-quota.js";

interface BorgStats {
  nfiles?: number;
  original_size?: number;
  deduplicated_size?: number;
}

interface InfoJson {
  archives?: Array<{ stats?: BorgStats }>;
}

/** The archive's figures from `borg info --json` (a pipe's end keeps no stdout for import-tar's own --json). */
async function archiveStats(job: Job, runner: Runner, archive: string): Promise<BorgStats | undefined> {
  const info = await runBorg(job, runner, "info", ["--json", "--", archiveLocation(runner, archive)]);
  return (JSON.parse(info.stdout || "{}") as InfoJson).archives?.[0]?.stats;
}

/** The last non-empty line of a command's stderr, escaped, or what its exit code says. */
function lastLine(stderr: string, exitCode: number): string {
  const line = stderr.split("\n").map((l) => l.trim()).filter((l) => l !== "").at(-1);
  // 128+N for a signal N (at most 64 on Linux); ssh's own failure is 255.
  return line ? escapeControl(line) : exitCode > 128 && exitCode <= 128 + 64 ? `killed by signal ${exitCode - 128}` : `exit ${exitCode}`;
}

/** Lines GNU tar wrote about files it could not read or that changed while read (its exit 1 and 2). */
function tarWarnings(stderr: string): string[] {
  return stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.startsWith("tar: "))
    .slice(0, 100)
    .map(escapeControl);
}

/**
 * `STREAM | borg import-tar REPO::ARCHIVE -` (issue 14, transport tar-stream;
 * borg 1.2 `borg import-tar --help`). borg reads the stream with Python's
 * tarfile and records each member's uname/gname, uid/gid, mode and mtime;
 * 1.2 keeps no xattrs or ACLs from it and drops the leading `/` and `../`
 * of a name (`make_path_safe`), but keeps a `..` inside a name and a hard
 * link's target as the stream spells them. So the archive is listed once it
 * is written, and an archive holding such a path is deleted and the run
 * fails (UNSAFE_CLIENT_PATH): a later restore must never write outside its
 * target because a hostile client said so.
 *
 * Exit status of the stream's command (ssh running the client's tar): 0 ok;
 * 1 (a file changed while read) and 2 (a file could not be read; tar goes
 * on) are warnings; anything else (ssh's 255, a signal) means the stream may
 * have ended early at a member boundary, which tarfile takes for the end:
 * the archive is set aside as incomplete and the run fails.
 */
export async function importTar(job: Job, runner: Runner, request: ImportTarRequest): Promise<CreateResult> {
  if (job.signal.aborted) throw borgStopped(job, "import-tar");
  await applyStorageQuota(job, runner);
  const consumer = await borgCommand(job, runner, ["import-tar", "--log-json", "--progress", "--", archiveLocation(runner, request.archiveName), "-"]);
  const log = new BorgLog();
  const { producer, consumer: borg } = await job.commands.pipe(request.stream, consumer, { onStderrLine: (line) => showBorgEvent(job, log.push(line)) });
  const aftermath = `borg may have kept the data saved so far as archive ${request.archiveName}.checkpoint (hidden from list)`;
  if (producer.canceled || borg.canceled || job.signal.aborted) throw borgStopped(job, "import-tar", aftermath);
  const streamFailed = producer.exitCode !== 0 && producer.exitCode !== 1 && producer.exitCode !== 2;
  if (borg.exitCode !== 0 && borg.exitCode !== 1) {
    if (streamFailed) throw new PullbakError("CLIENT_UNREACHABLE", `host ${job.host.name}: the client's tar stream failed (${lastLine(producer.stderr, producer.exitCode)}); archive ${request.archiveName} was not created`);
    throw borgFailed(job, "import-tar", borg.exitCode, log);
  }
  if (job.commands.dryRun) return { archive: request.archiveName, warnings: [] };
  const files = await refuseUnsafePaths(job, runner, request.archiveName);
  if (streamFailed) {
    const fate = await markIncomplete(job, runner, request.archiveName);
    throw new PullbakError(
      "CLIENT_UNREACHABLE",
      `host ${job.host.name}: the client's tar stream failed (${lastLine(producer.stderr, producer.exitCode)}); what arrived was kept as ${fate} (hidden from list), not as a backup`,
    );
  }
  const stats = await archiveStats(job, runner, request.archiveName);
  const result: CreateResult = { archive: request.archiveName, warnings: [...log.warningLines(), ...(producer.exitCode === 0 ? [] : tarWarnings(producer.stderr))] };
  if (producer.exitCode !== 0 && result.warnings.length === 0) result.warnings.push(`the client's tar finished with exit ${producer.exitCode} (some files changed or could not be read) but named none`);
  if (stats) {
    // borg 1.2.4's import-tar counts each regular file twice in its nfiles (archiver.py and TarfileObjectProcessors both add 1): counted from the listing instead.
    result.stats = { files, originalBytes: stats.original_size ?? 0, deduplicatedBytes: stats.deduplicated_size ?? 0 };
    job.log.info(`archive ${request.archiveName}: ${result.stats.files} files from the client's tar stream, ${formatBytes(result.stats.originalBytes)} read, ${formatBytes(result.stats.deduplicatedBytes)} new`);
  }
  return result;
}

interface ListedItem {
  type: string;
  path: string;
  linktarget?: string;
}

/** Lists the new archive; one unsafe path deletes it and fails the run, naming the path. Returns the number of regular files. */
async function refuseUnsafePaths(job: Job, runner: Runner, archive: string): Promise<number> {
  let files = 0;
  const listed = await runBorg(job, runner, "list", ["--json-lines", "--", archiveLocation(runner, archive)]);
  for (const line of listed.stdout.split("\n")) {
    if (line.trim() === "") continue;
    const item = JSON.parse(line) as ListedItem;
    if (item.type === "-" || item.type === "h") files++;
    const bad = unsafeArchivedPath(item.path) ? item.path : item.type === "h" && item.linktarget !== undefined && unsafeArchivedPath(item.linktarget) ? item.linktarget : undefined;
    if (bad === undefined) continue;
    await runBorg(job, runner, "delete", ["--", archiveLocation(runner, archive)]);
    throw new PullbakError(
      "UNSAFE_CLIENT_PATH",
      `host ${job.host.name}: the client's tar stream named ${JSON.stringify(escapeControl(bad))}, a path that leaves the archive's root; archive ${archive} was deleted (the client's tar line is not the one setup-client printed: run pullbak doctor ${job.host.name})`,
    );
  }
  return files;
}
