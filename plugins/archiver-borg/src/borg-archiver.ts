import type { Archiver } from "@pullbak/core";
import { borgNeeds } from "./borg-needs.js";
import { checkRepository } from "./check-repository.js";
import { createArchive } from "./create-archive.js";
import { exportTarCommand } from "./export-tar.js";
import { extractArchive } from "./extract-archive.js";
import { initRepository } from "./init-repository.js";
import { listArchives } from "./list-archives.js";
import { listFiles } from "./list-files.js";
import { missingPaths } from "./missing-paths.js";
import { acceptRollback } from "./rolled-back-repository.js";
import { markIncomplete } from "./mark-incomplete.js";
import type { BorgOptions } from "./options.js";
import { repositoryReady } from "./repository-ready.js";
import { clearStaleLocks } from "./stale-locks.js";

/** The Archiver for BorgBackup 1.2: every command through the runner, every question answered. */
export function borgArchiver(options: BorgOptions): Archiver {
  return {
    needs: (job) => borgNeeds(job),
    ready: (job) => repositoryReady(job),
    init: (job, runner) => initRepository(job, runner),
    create: (job, runner, request) => createArchive(job, runner, request, options),
    list: (job, runner) => listArchives(job, runner),
    listFiles: (job, runner, request) => listFiles(job, runner, request),
    missingPaths: (job, runner, request) => missingPaths(job, runner, request),
    extract: (job, runner, request) => extractArchive(job, runner, request),
    exportTar: (job, runner, request) => exportTarCommand(job, runner, request),
    check: (job, runner) => checkRepository(job, runner),
    markIncomplete: (job, runner, archive) => markIncomplete(job, runner, archive),
    cleanup: (job, runner) => clearStaleLocks(job, runner),
    acceptRollback: (job, runner) => acceptRollback(job, runner),
  };
}
