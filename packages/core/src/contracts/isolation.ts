import type { CommandSpec } from "./command.js";
import type { ClientView } from "./transport.js";
import type { Job } from "./job.js";

/**
 * How a need reaches a program of the CLIENT's (isolation `chroot` runs the
 * client's own borg): issue #10, a client's code never gets a file the
 * server's own programs later use.
 * - "read-only": bound read-only (nosuid, nodev), e.g. keyfile keys;
 * - "private": a dir of the client's code's own, emptied after each command;
 * - "private-kept": a dir of the client's code's own that the host's next
 *   run of client code reuses (a files cache); the isolation strips it of
 *   anything but plain files and directories and of setuid/setgid bits
 *   before each use.
 * Absent: "read-only" for a read-only need, "private" for a writable one.
 */
export type ClientCodeAccess = "read-only" | "private" | "private-kept";

/**
 * A need that client code must reach only through a server program (issue
 * #10: the repository, through `borg serve --append-only`). An isolation that
 * runs the server's own programs binds `source` as usual and ignores this;
 * one that runs client code never binds it: it sets up a channel (two
 * FIFOs), starts `command` on the server at once, and tells the client's
 * program how to reach the channel with `client`.
 */
export interface ServedNeed {
  /**
   * The server-side program that serves the need, one client session per
   * run. It is started before the client's program and opens the channel
   * itself when it is ready: the FIFO named by `SERVED_CHANNEL_IN` in its
   * environment for reading (as its stdin), then the one named by
   * `SERVED_CHANNEL_OUT` for writing (as its stdout). So its own start-up
   * (borg: importing itself, its self-test, about 0.5 s) overlaps that of
   * the client's program, which comes over the network, instead of
   * following it (issue #10's performance gate). A program that ends
   * before it serves must still open and close both, or the client's
   * program waits for it until the run's timeout.
   */
  command: CommandSpec;
  /**
   * How the client's program reaches the served need, given the channel's
   * ends as the program sees them. Returns the need's path as the program
   * spells it (`pathOf`) and the environment that makes the program use
   * the channel.
   */
  client(channel: ServedChannelEnds): { path: string; env: Record<string, string> };
}

/** A served need's channel as the client's program sees it (paths inside the isolation). */
export interface ServedChannelEnds {
  /**
   * A relay (runnable inside the isolation, made of the client's own `sh`
   * and `cat`) whose stdin/stdout are the server program's stdout/stdin,
   * for a program that talks to a command it starts (borg's BORG_RSH).
   */
  relay: readonly string[];
  /** The FIFO the client's program writes its requests to, for one that opens it itself. */
  toServer: string;
  /** The FIFO the client's program reads the answers from. */
  fromServer: string;
}

/** The environment variable naming the FIFO a served need's program reads the client's requests from. */
export const SERVED_CHANNEL_IN = "PULLBAK_CHANNEL_IN";
/** The environment variable naming the FIFO a served need's program writes its answers to. */
export const SERVED_CHANNEL_OUT = "PULLBAK_CHANNEL_OUT";

/** A server-side path an archiver must see while running "as on the client". */
export interface Need {
  /** Short name; becomes the bind's name under the isolation's own path. */
  name: string;
  source: string;
  writable: boolean;
  /** What client code gets instead of `source` (see ClientCodeAccess); ignored where the server's programs run. */
  forClientCode?: ClientCodeAccess;
  /** Served, never bound, where client code runs (see ServedNeed). */
  served?: ServedNeed;
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
