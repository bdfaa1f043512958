import type { DependencyContainer } from "tsyringe";
import type { Archiver, ArchiveSummary, CreateResult, ImportTarRequest } from "../contracts/archiver.js";
import type { Runner } from "../contracts/isolation.js";
import type { JobEvent } from "../contracts/hook.js";
import type { Job } from "../contracts/job.js";
import type { RestoreRequest } from "../contracts/restorer.js";
import { PullbakError } from "../errors.js";
import { ARCHIVER, HOOKS, ISOLATION, RESTORER, TRANSPORT } from "../plugins/tokens.js";
import { upkeepAfterBackup } from "./after-backup.js";
import { archiveName } from "./archive-name.js";
import { assertNoLinksOnTheWay } from "./links-on-the-way.js";
import { assertPathsInArchive } from "./paths-in-archive.js";
import { assertRoomOnClient } from "./room-on-client.js";
import { countFullRead, fullReadOutlook, fullReadReason } from "./full-read-schedule.js";
import { ClientWatch } from "./client-watch.js";
import { serverRunner } from "./server-runner.js";
import { withJob } from "./with-job.js";

async function aroundHooks<T>(container: DependencyContainer, job: Job, event: JobEvent, work: () => Promise<T>): Promise<T> {
  const hooks = container.resolve(HOOKS);
  for (const hook of hooks) await hook.before?.(job, event);
  try {
    const result = await work();
    for (const hook of hooks) await hook.after?.(job, event);
    return result;
  } catch (error) {
    // Every onError hook runs, whatever the others do; a failing one is reported, never instead of the job's error.
    for (const [index, hook] of hooks.entries()) {
      await Promise.resolve()
        .then(() => hook.onError?.(job, event, error))
        .catch((hookError: unknown) => job.log.warn(`hook ${job.host.hooks[index] ?? index + 1} onError failed: ${hookError instanceof Error ? hookError.message : String(hookError)}`));
    }
    throw error;
  }
}

/**
 * A backup that finished with warnings while its client was gone: the
 * archive misses an unknown part of the client. It fails the run (exit 2,
 * never "warnings"), and is set aside so that nothing takes it for a backup.
 */
async function incompleteArchive(job: Job, archiver: Archiver, result: CreateResult, lost: PullbakError): Promise<PullbakError> {
  const unread = `${result.warnings.length} warning${result.warnings.length === 1 ? "" : "s"} from the archiver`;
  let fate = "it is kept as it is; do not rely on it";
  if (archiver.markIncomplete) {
    try {
      fate = `it was renamed ${await archiver.markIncomplete(job, serverRunner(archiver.needs(job)), result.archive)} (hidden from list, its data reused by the next run)`;
    } catch (error) {
      fate = `renaming it failed (${error instanceof Error ? error.message : String(error)}); do not rely on it`;
    }
  }
  return new PullbakError("CLIENT_UNREACHABLE", `${lost.message}; archive ${result.archive} misses what could not be read (${unread}): ${fate}`);
}

/**
 * The pull backup: open the client, enter the isolation, create an archive,
 * tear down; then, on the server alone, the host's repository upkeep
 * (prune, compact, due checks; issue 12), which a failed backup never reaches.
 */
export async function backup(container: DependencyContainer, job: Job, name?: string, options: { fullRead?: boolean } = {}): Promise<CreateResult & { fullRead?: string }> {
  // issue 15: a full re-read when asked or when the host's fullReadEvery says it is due.
  const fullRead = job.commands.dryRun && !options.fullRead ? undefined : await fullReadReason(job, options.fullRead ?? false);
  if (fullRead) job.log.info(`host ${job.host.name}: full read: every file is read again, the files cache is not trusted (${fullRead})`);
  else {
    const outlook = job.commands.dryRun ? undefined : await fullReadOutlook(job);
    if (outlook) job.log.debug(`host ${job.host.name}: ${outlook}`);
  }
  const result = await createArchive(container, job, name, { fullRead: fullRead !== undefined });
  await countFullRead(job, fullRead !== undefined);
  await upkeepAfterBackup(container, job, result);
  return fullRead ? { ...result, fullRead } : result;
}

function createArchive(container: DependencyContainer, job: Job, name: string | undefined, options: { fullRead?: boolean }): Promise<CreateResult> {
  const watch = new ClientWatch(job);
  return withJob(job, () =>
    aroundHooks(container, job, { action: "backup", host: job.host.name }, async () => {
      const archiver = container.resolve(ARCHIVER);
      if (!job.commands.dryRun) await archiver.ready?.(job);
      const archive = name ?? archiveName(job.host.archiveName, job.host.name);
      let result: CreateResult;
      try {
        const view = await watch.transport(container.resolve(TRANSPORT)).open(job, { mount: "read", key: "backup" });
        const runner = await container.resolve(ISOLATION).enter(job, view, archiver.needs(job));
        result = view.tarStream
          ? await importTar(job, archiver, runner, { archiveName: archive, stream: view.tarStream })
          : await archiver.create(job, runner, { archiveName: archive, sources: job.host.sources, excludes: job.host.excludes, ...(options.fullRead ? { fullRead: true } : {}) });
      } catch (error) {
        throw await watch.explain(error, `archive ${archive} was not created (what the archiver saved up to its last checkpoint is kept for the next run)`);
      }
      // borg's "some files could not be read" is a warning only while the client is still there.
      const lost = result.warnings.length > 0 ? await watch.lost() : undefined;
      if (lost) throw await incompleteArchive(job, archiver, result, lost);
      return result;
    }),
  );
}

/** Issue 14: a transport that streams (tar-stream) needs an archiver that imports the stream. */
function importTar(job: Job, archiver: Archiver, runner: Runner, request: ImportTarRequest): Promise<CreateResult> {
  if (!archiver.importTar) {
    throw new PullbakError("PLUGIN_REQUIREMENT", `host ${job.host.name}: transport ${job.host.plugins.transport} streams the client as tar, but archiver ${job.host.plugins.archiver} cannot import a tar stream`);
  }
  return archiver.importTar(job, runner, request);
}

/** `latest` means the newest archive of the host's repository. */
export async function resolveArchive(container: DependencyContainer, job: Job, archive: string): Promise<string> {
  if (archive !== "latest") return archive;
  // A dry run asks the repository nothing, so the plan names the archive by its role.
  if (job.commands.dryRun) return "<latest archive>";
  const archives = await list(container, job);
  const newest = archives.at(-1);
  if (!newest) throw new PullbakError("ARCHIVER_FAILED", `host ${job.host.name}: the repository has no archive to restore`);
  return newest.name;
}

/** Restores and returns the archive it restored (`latest` resolved). */
export function restore(container: DependencyContainer, job: Job, request: RestoreRequest): Promise<string> {
  return withJob(job, () =>
    aroundHooks(container, job, { action: "restore", host: job.host.name }, async () => {
      const archiver = container.resolve(ARCHIVER);
      if (!job.commands.dryRun) await archiver.ready?.(job);
      const archive = await resolveArchive(container, job, request.archive);
      await assertPathsInArchive(job, archiver, archive, request.paths);
      const watch = new ClientWatch(job);
      const parts = { transport: watch.transport(container.resolve(TRANSPORT)), isolation: container.resolve(ISOLATION), archiver };
      try {
        // One listing of the archive for both checks before anything is written (issue 15).
        const checksNeedListing = !job.commands.dryRun && (!request.allowClientLinks || !request.ignoreFreeSpace);
        const entries = checksNeedListing && archiver.listFiles ? await archiver.listFiles(job, serverRunner(archiver.needs(job)), { archive, paths: request.paths }) : undefined;
        if (!request.allowClientLinks) await assertNoLinksOnTheWay(job, archiver, parts.transport, archive, request.paths, entries);
        await assertRoomOnClient(job, parts.transport, archive, entries, request.paths, request.ignoreFreeSpace ?? false);
        await container.resolve(RESTORER).restore(job, parts, { ...request, archive, ...(entries ? { entries } : {}) });
      } catch (error) {
        throw await watch.explain(error, `the restore of ${archive} did not finish; what was restored so far stays on the client`);
      }
      return archive;
    }),
  );
}

/** Repository work needs no client: it runs on the server as it is. */
export function list(container: DependencyContainer, job: Job): Promise<ArchiveSummary[]> {
  const archiver = container.resolve(ARCHIVER);
  return archiver.list(job, serverRunner(archiver.needs(job)));
}

export function init(container: DependencyContainer, job: Job): Promise<void> {
  const archiver = container.resolve(ARCHIVER);
  return withJob(job, () => archiver.init(job, serverRunner(archiver.needs(job))));
}

export function check(container: DependencyContainer, job: Job): Promise<void> {
  const archiver = container.resolve(ARCHIVER);
  return archiver.check(job, serverRunner(archiver.needs(job)));
}
