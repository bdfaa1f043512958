import type { CommandRunner, CommandSpec } from "./command.js";
import type { Job } from "./job.js";
import type { ResolvedHost } from "../config/resolve-host.js";

/** What a job asks of the transport. */
export interface OpenRequest {
  /** Mount the client's `/` read-only, read-write, or not at all (streaming). */
  mount: "read" | "write" | "none";
  /** Which configured key to use: "backup" (identityFile) or a name under `ssh.keys`. */
  key: string;
}

/** The server's view of a client. Undo steps are pushed onto the job's stack. */
export interface ClientView {
  /** Local path where the client's `/` is visible, when the transport mounts. */
  root?: string;
  /**
   * `root` as pullbak's own process reaches it, for its own reads (lstat,
   * statfs) of the client's files: `/proc/PID/root/<root>` when the mount
   * lives in another mount namespace, whose process PID holds it. Absent
   * means `root`. Only the kernel's own path walk may use it: a symlink met
   * on the way resolves against the server's `/`, so readers lstat each
   * component (as they must anyway) and resolve links themselves.
   */
  localRoot?: string;
  /**
   * True when setting the owner or times of a symlink in `root` lands on the
   * link's target instead (SFTP's SETSTAT follows links): an archiver must
   * then leave symlinks' own metadata alone when extracting.
   */
  setattrFollowsSymlinks?: boolean;
  /**
   * Turns a command into one that runs where `root` is mounted. A transport
   * that mounts in a mount namespace of the run's own (issue #10: no other
   * namespace on the server ever holds a run's mounts) wraps the command to
   * enter that namespace (e.g. `nsenter --mount=/proc/PID/ns/mnt --`).
   * Isolations and restorers apply it as the outermost wrap of every command
   * that touches `root`; absent means the server's own namespace.
   */
  inMountNamespace?: (spec: CommandSpec) => CommandSpec;
  /**
   * Which of `paths` (absolute client paths) are symbolic links on the
   * client, looked at by the client's own kernel (never by following a
   * client link on the server). A path that does not exist is not a link.
   * Used before a restore so that a directory the client replaced by a link
   * is never replaced or written through in silence (issue 15).
   */
  symlinksAmong?: (paths: readonly string[]) => Promise<string[]>;
  /**
   * The free space of the filesystem that holds each of `paths` (absolute
   * client paths), measured by the client's kernel (statvfs) at the deepest
   * existing directory at or above the path. Used before a restore to refuse
   * one that cannot fit (issue 15). Absent when the transport cannot tell.
   */
  freeSpace?: (paths: readonly string[]) => Promise<FreeSpace[]>;
  /** Builds a command that runs on the client (subject to the key's forced command). */
  remote?: (argv: readonly string[]) => CommandSpec;
  /**
   * Issue 14 (transport tar-stream): a command run on the server whose
   * stdout is the host's sources as one POSIX tar stream, written by the
   * client's own tar (the key's forced command), for `Archiver.importTar`.
   * Set instead of `root` by a transport that mounts nothing. The stream is
   * the client's data: nothing in it is trusted.
   */
  tarStream?: CommandSpec;
}

/**
 * A key a transport logs in with and the forced command that key must carry
 * in the client's authorized_keys (printed by `pullbak setup-client`).
 */
export interface TransportKey {
  /** Purpose, as in `ssh.keys.<purpose>`; its file is core's `keyFileFor`. */
  purpose: string;
  /** The exact line for `command="..."`; a shell line the client's sshd runs with the user's shell. */
  forcedCommand: string;
  /** Who uses it, for setup-client's notes ("backups (tar-stream)"). */
  usedBy: string;
}

/** One answer of `ClientView.freeSpace` (issue 15). */
export interface FreeSpace {
  /** The client path asked about. */
  path: string;
  /** The deepest existing directory at or above `path`, where statvfs was taken. */
  measuredAt: string;
  /** Size of that filesystem, bytes (statvfs f_blocks × f_frsize). */
  sizeBytes: number;
  /** Free space there, bytes, as `df` shows it (f_bavail × f_frsize: without the blocks reserved for root). */
  availableBytes: number;
  /** Equal strings for paths on the same filesystem, as far as statvfs tells; opaque. */
  filesystem: string;
}

/** Gives the server a view of a client host (sshfs, ...). */
export interface Transport {
  open(job: Job, request: OpenRequest): Promise<ClientView>;
  /**
   * The keys backups through this transport log in with, when they are not
   * the backup key with `internal-sftp -R` (issue 14: tar-stream's key whose
   * forced command is the host's tar line). Depends on the host's config.
   */
  keys?(host: ResolvedHost): TransportKey[];
  /**
   * `pullbak doctor`'s checks of those keys on the client (issue 14: is the
   * client's forced tar line still the one the config makes?). Each probe
   * runs through `commands` and is bounded in time by the transport.
   */
  checkKeys?(host: ResolvedHost, commands: CommandRunner): Promise<TransportKeyCheck[]>;
}

/** One line of `pullbak doctor` about a transport's key. */
export interface TransportKeyCheck {
  /** Stable name for scripts, e.g. `tar-stream-line`. */
  id: string;
  title: string;
  ok: boolean;
  detail: string;
  /** What to do when not ok. */
  fix?: string;
}
