import type { DependencyContainer } from "tsyringe";
import type { Archiver } from "../contracts/archiver.js";
import type { Job } from "../contracts/job.js";
import { PullbakError } from "../errors.js";
import { ARCHIVER } from "../plugins/tokens.js";

/**
 * The host's archiver, checked to have an optional upkeep method: a plugin
 * without it gets one clear NOT_IMPLEMENTED line naming the plugin and the
 * command, instead of a TypeError.
 */
export function archiverWith<K extends "prune" | "compact" | "exportKey" | "info">(
  container: DependencyContainer,
  job: Job,
  method: K,
  command: string,
): Archiver & Required<Pick<Archiver, K>> {
  const archiver = container.resolve(ARCHIVER);
  if (!archiver[method]) throw new PullbakError("NOT_IMPLEMENTED", `${command}: the ${job.host.plugins.archiver} archiver of host ${job.host.name} cannot ${command}`);
  return archiver as Archiver & Required<Pick<Archiver, K>>;
}
