import type { MountHolder } from "../engine/mount-journal.js";
import type { ResolvedHost } from "../config/resolve-host.js";
import type { UndoStack } from "../engine/undo-stack.js";
import type { CommandRunner } from "./command.js";
import type { Logger } from "./logger.js";

/**
 * Everything a plugin may use while a job runs for one host. Side effects go
 * through `commands` (so --dry-run sees them); every acquired resource pushes
 * its undo onto `undo`, which unwinds in reverse however the job ends.
 */
export interface Job {
  readonly host: ResolvedHost;
  readonly commands: CommandRunner;
  readonly undo: UndoStack;
  readonly log: Logger;
  /** Aborted on Ctrl-C, SIGTERM, timeout, or `abort`. */
  readonly signal: AbortSignal;
  /**
   * Stops the job as Ctrl-C would, with a reason that keeps its own error
   * code (a watchdog's CLIENT_UNREACHABLE): running commands get their kill
   * signal and the undo stack unwinds. Jobs made by the engine always have
   * it; it is optional so that test doubles need not.
   */
  abort?(reason: Error): void;
  /** A server-side directory owned by pullbak for this host (mount points, borg's dirs). */
  readonly hostStateDir: string;
  /** The repository passphrase, read from its configured source when first asked for. */
  passphrase(): Promise<Uint8Array | undefined>;
  /**
   * Records a server-side mount before it is made, so a killed run can be
   * cleaned up; `holder`, the process whose private mount namespace holds
   * the mount, is ended by that cleanup (see MountJournal).
   */
  journalMount(mountPoint: string, kind: string, holder?: MountHolder): Promise<void>;
  forgetMount(mountPoint: string): Promise<void>;
}
