import type { DependencyContainer } from "tsyringe";
import type { ArchiveSummary, CreateResult } from "../contracts/archiver.js";
import type { JobEvent } from "../contracts/hook.js";
import type { Job } from "../contracts/job.js";
import type { RestoreRequest } from "../contracts/restorer.js";
import { PullbakError } from "../errors.js";
import { ARCHIVER, HOOKS, ISOLATION, RESTORER, TRANSPORT } from "../plugins/tokens.js";
import { archiveName } from "./archive-name.js";
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
    for (const hook of hooks) {
      await hook.onError?.(job, event, error).catch((hookError: unknown) => job.log.warn(`hook onError failed: ${(hookError as Error).message}`));
    }
    throw error;
  }
}

/** The pull backup: open the client, enter the isolation, create an archive, tear down. */
export function backup(container: DependencyContainer, job: Job, name?: string): Promise<CreateResult> {
  return withJob(job, () =>
    aroundHooks(container, job, { action: "backup", host: job.host.name }, async () => {
      const archiver = container.resolve(ARCHIVER);
      if (!job.commands.dryRun) await archiver.ready?.(job);
      const view = await container.resolve(TRANSPORT).open(job, { mount: "read", key: "backup" });
      const runner = await container.resolve(ISOLATION).enter(job, view, archiver.needs(job));
      return archiver.create(job, runner, {
        archiveName: name ?? archiveName(job.host.archiveName, job.host.name),
        sources: job.host.sources,
        excludes: job.host.excludes,
      });
    }),
  );
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
      const parts = { transport: container.resolve(TRANSPORT), isolation: container.resolve(ISOLATION), archiver };
      await container.resolve(RESTORER).restore(job, parts, { ...request, archive });
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
