import type { ArchiveEntry, Archiver } from "./archiver.js";
import type { Isolation } from "./isolation.js";
import type { Job } from "./job.js";
import type { Transport } from "./transport.js";

export interface RestoreRequest {
  archive: string;
  /** Client paths; empty restores the whole archive. */
  paths: readonly string[];
  /**
   * Restore even where the client has a symbolic link in place of a
   * directory of the archive, or above an asked path (the restore then
   * replaces or follows it, as borg and tar do). Off by default (issue 15).
   */
  allowClientLinks?: boolean;
  /**
   * Restore without comparing what it writes with the client's free space
   * (`--ignore-free-space`); by default a restore that cannot fit is refused
   * before anything is written (issue 15).
   */
  ignoreFreeSpace?: boolean;
  /**
   * The archive's entries at or under `paths`, when the engine already
   * listed them for its checks: the restorer then does not list them again
   * (core restoreSelection; issue 15).
   */
  entries?: readonly ArchiveEntry[];
}

/** The parts a restorer composes; it never imports another plugin. */
export interface RestoreParts {
  transport: Transport;
  isolation: Isolation;
  archiver: Archiver;
}

/** One restore method, composed from a transport, an isolation and an archiver. */
export interface Restorer {
  /**
   * The key this method logs in with and the forced command that key must carry
   * in the client's authorized_keys (printed by `pullbak setup-client`).
   */
  readonly key: { purpose: string; forcedCommand: string };
  restore(job: Job, parts: RestoreParts, request: RestoreRequest): Promise<void>;
}
