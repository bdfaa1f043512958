import type { CommandSpec } from "./command.js";
import type { ClientView } from "./transport.js";
import type { Job } from "./job.js";

/** A server-side path an archiver must see while running "as on the client". */
export interface Need {
  /** Short name; becomes the bind's name under the isolation's own path. */
  name: string;
  source: string;
  writable: boolean;
}

/** Runs commands "as on the client": names resolve from the client's passwd. */
export interface Runner {
  /** Where the need called `name` is visible to commands run through this runner. */
  pathOf(name: string): string;
  /** How a client path (`/etc`) is spelled for commands run through this runner. */
  clientPath(path: string): string;
  /** Paths the isolation added inside the client's view; never archived. */
  readonly added: readonly string[];
  /** Turns a command into one that runs inside the isolation. */
  wrap(spec: CommandSpec): CommandSpec;
}

/** What a job asks of the isolation beyond the needs. */
export interface EnterOptions {
  /**
   * Where writes made through the runner inside the client's view go.
   * "discard" (the default, for backups): onto a server-side layer that is
   * thrown away, so nothing is written to the client.
   * "client" (for restores, with a view opened `mount: "write"`): through to
   * the client's files, or the restore would vanish with the layer.
   */
  writes?: "discard" | "client";
}

export interface Isolation {
  enter(job: Job, view: ClientView, needs: readonly Need[], options?: EnterOptions): Promise<Runner>;
}
