import type { Archiver } from "@pullbak/core";
import { borgNeeds } from "./borg-needs.js";
import { checkRepository } from "./check-repository.js";
import { compactRepository } from "./compact-repository.js";
import { exportKey } from "./export-key.js";
import { createArchive } from "./create-archive.js";
import { exportTarCommand } from "./export-tar.js";
import { extractArchive } from "./extract-archive.js";
import { importTar } from "./import-tar.js";
import { initRepository } from "./init-repository.js";
import { listArchives } from "./list-archives.js";
import { listFiles } from "./list-files.js";
import { missingPaths } from "./missing-paths.js";
import { acceptRollback } from "./rolled-back-repository.js";
import { markIncomplete } from "./mark-incomplete.js";
import type { BorgOptions } from "./options.js";
import { pruneArchives } from "./prune-archives.js";
import { repositoryInfo } from "./repository-info.js";
import { repositoryReady } from "./repository-ready.js";
import { clearStaleLocks } from "./stale-locks.js";

/** The Archiver for BorgBackup 1.2: every command through the runner, every question answered. */
export function borgArchiver(options: BorgOptions): Archiver {
  return {
    needs: (job) => borgNeeds(job),
    ready: (job) => repositoryReady(job),
    init: (job, runner) => initRepository(job, runner),
    create: (job, runner, request) => createArchive(job, runner, request, options),
    importTar: (job, runner, request) => importTar(job, runner, request),
    list: (job, runner) => listArchives(job, runner),
    listFiles: (job, runner, request) => listFiles(job, runner, request),
    missingPaths: (job, runner, request) => missingPaths(job, runner, request),
    extract: (job, runner, request) => extractArchive(job, runner, request),
    exportTar: (job, runner, request) => exportTarCommand(job, runner, request),
    check: (job, runner, request) => checkRepository(job, runner, request),
    prune: (job, runner, request) => pruneArchives(job, runner, request),
    compact: (job, runner) => compactRepository(job, runner),
    exportKey: (job, runner, request) => exportKey(job, runner, request),
    info: (job, runner) => repositoryInfo(job, runner),
    markIncomplete: (job, runner, archive) => markIncomplete(job, runner, archive),
    cleanup: (job, runner) => clearStaleLocks(job, runner),
    acceptRollback: (job, runner) => acceptRollback(job, runner),
  };
}
