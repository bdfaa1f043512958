import type { DependencyContainer } from "tsyringe";
import type { RepositoryInfo } from "../contracts/archiver.js";
import type { Job } from "../contracts/job.js";
import { serverRunner } from "./server-runner.js";
import { archiverWith } from "./upkeep-archiver.js";

/** The repository key as text (issue 12), from the server's archiver. */
export function exportKey(container: DependencyContainer, job: Job, options: { paper: boolean }): Promise<string> {
  const archiver = archiverWith(container, job, "exportKey", "key export");
  return archiver.exportKey(job, serverRunner(archiver.needs(job)), options);
}

/** Sizes and archive facts of the host's repository (issue 12). */
export function repositoryInfo(container: DependencyContainer, job: Job): Promise<RepositoryInfo> {
  const archiver = archiverWith(container, job, "info", "info");
  return archiver.info(job, serverRunner(archiver.needs(job)));
}
