import type { CommandSpec } from "./command.js";
import type { Need, Runner } from "./isolation.js";
import type { Job } from "./job.js";
import type { CheckName, Retention } from "../config/schema.js";

export interface ArchiveSummary {
  name: string;
  /** ISO 8601 */
  start: string;
}

export interface CreateRequest {
  archiveName: string;
  /** Client paths, as on the client (`/etc`). */
  sources: readonly string[];
  excludes: readonly string[];
  /**
   * Read every file again instead of trusting the files cache (issue 15:
   * over SFTP a same-size change that keeps its mtime looks unchanged).
   */
  fullRead?: boolean;
}

export interface CreateResult {
  archive: string;
  /** true when the backup program finished with warnings (e.g. a file vanished). */
  warnings: string[];
  stats?: { files: number; originalBytes: number; deduplicatedBytes: number };
}

export interface ExtractRequest {
  archive: string;
  /** Client paths to restore; empty means everything. */
  paths: readonly string[];
  /** Keep the archived uid/gid instead of mapping names (full restore). */
  numericIds: boolean;
  /** Do not set owner or times on restored symlinks (see ClientView.setattrFollowsSymlinks). */
  skipSymlinkMetadata?: boolean;
  /**
   * Client paths left out exactly (not what is below them): the special
   * files the restore cannot create, so that the extract never deletes the
   * client's own (issue 15; see core/engine/uncreatable.ts).
   */
  excludes?: readonly string[];
}

/** One file in an archive, as the archive recorded it. */
export interface ArchiveEntry {
  /**
   * The client path without its leading `/`, byte-exact: a byte that is not
   * UTF-8 is the lone surrogate U+DC80 + byte (core/text/path-bytes.ts,
   * issue 15), never `?` or U+FFFD.
   */
  path: string;
  /** `ls -l` style mode string, e.g. `-rwsr-xr-x`. */
  mode: string;
  user: string;
  group: string;
  uid: number;
  gid: number;
  size: number;
  mtime: string;
  linkTarget?: string;
}

// issue 12: repository upkeep (prune, compact, checks, key export, facts).

/** What `prune` is asked to do. */
export interface PruneRequest {
  retention: Retention;
  /**
   * The host's archive name template (`{host}-{now}`, host already known
   * from the job): only archives whose names this template can produce are
   * counted and deleted; every other archive is left alone and reported as
   * kept "outside".
   */
  archiveName: string;
  /** Decide and report, delete nothing (borg prune --dry-run). */
  dryRun: boolean;
}

/**
 * One archive's fate: `keep` with the rule that keeps it (borg's words:
 * `daily #1`, `within`, `checkpoint`, or `outside` for an archive the
 * host's name pattern does not cover, `incomplete` for one pullbak set
 * aside), or `prune`.
 */
export interface PruneDecision {
  archive: string;
  /** ISO 8601, UTC. */
  start: string;
  verdict: "keep" | "prune";
  rule?: string;
}

export interface PruneResult {
  /** Every archive of the repository, checkpoints included, newest first. */
  decisions: PruneDecision[];
}

export interface CompactResult {
  /** Bytes on disk of the repository's segments before and after. */
  bytesBefore: number;
  bytesAfter: number;
}

/** What a repository holds, as `pullbak info` shows it. Sizes in bytes. */
export interface RepositoryInfo {
  repository: string;
  /** Bytes the repository takes on disk (its files, as stored). */
  diskBytes: number;
  /** Sum of every archive's original size, before deduplication and compression. */
  originalBytes: number;
  /** What all archives take after deduplication and compression. */
  deduplicatedBytes: number;
  /** Complete archives (checkpoints not counted). */
  archiveCount: number;
  /** Checkpoint and incomplete archives, kept beside the complete ones. */
  checkpointCount: number;
  oldest?: ArchiveSummary;
  newest?: ArchiveSummary;
  encryption: string;
}

/**
 * Issue 14: an archive made from a tar stream (transport tar-stream). The
 * stream is the client's bytes: names in it may be absolute, hold `..`, or
 * lie; the archiver keeps none of that from reaching its repository as a
 * path that would write outside a restore's target.
 */
export interface ImportTarRequest {
  archiveName: string;
  /** The command whose stdout is the tar stream (ClientView.tarStream); run on the server, outside the isolation. */
  stream: CommandSpec;
}

/** Knows one backup program. Runs its commands through a Runner. */
export interface Archiver {
  /** Server paths the program must see wherever it runs (repository, its cache). */
  needs(job: Job): Need[];
  /**
   * Checks, on the server and before any client is touched, that the
   * repository exists and can be used; throws with what to do when not
   * (e.g. "run pullbak init"). Skipped under --dry-run.
   */
  ready?(job: Job): Promise<void>;
  init(job: Job, runner: Runner): Promise<void>;
  create(job: Job, runner: Runner, request: CreateRequest): Promise<CreateResult>;
  /**
   * Creates an archive from a tar stream (issue 14): `request.stream` piped
   * into the program run through `runner`. Exit status of the stream's
   * command: 0 ok, 1 warnings (GNU tar: a file changed while read), other
   * failed. Optional: only archivers that provide "import-tar" have it.
   */
  importTar?(job: Job, runner: Runner, request: ImportTarRequest): Promise<CreateResult>;
  list(job: Job, runner: Runner): Promise<ArchiveSummary[]>;
  /** The entries of one archive (optionally under some client paths). */
  listFiles?(job: Job, runner: Runner, request: { archive: string; paths: readonly string[] }): Promise<ArchiveEntry[]>;
  /**
   * The client paths of `request.paths` under which the archive holds no
   * entry at all (neither the path itself nor anything below it), in the
   * order asked; empty when every path is there. Runs on the server, before
   * any client is touched, so that a restore of a path the archive lacks
   * fails (exit 2, naming it) with every method instead of "restoring"
   * nothing (issue 15).
   */
  missingPaths?(job: Job, runner: Runner, request: { archive: string; paths: readonly string[] }): Promise<string[]>;
  /** Extracts into the runner's client root (cwd). */
  extract(job: Job, runner: Runner, request: ExtractRequest): Promise<void>;
  /** A command that writes the archive (or some paths of it) as a tar stream to stdout. */
  exportTar(job: Job, runner: Runner, request: { archive: string; paths: readonly string[]; excludes?: readonly string[] }): Promise<CommandSpec>;
  /**
   * Verifies the repository; without `only`, the repository and every
   * archive. `only` picks one part (issue 12): `repository` (the segments),
   * `archives` (the archives' metadata), `data` (every chunk read and
   * verified; slow). Never repairs. Throws ARCHIVER_FAILED naming what it
   * found when the check finds damage.
   */
  check(job: Job, runner: Runner, request?: { only?: CheckName }): Promise<void>;
  /**
   * Applies a retention policy to the host's own archives (issue 12): only
   * names the host's archive template produces are counted and deleted.
   * Runs on the server.
   */
  prune?(job: Job, runner: Runner, request: PruneRequest): Promise<PruneResult>;
  /** Frees the space that deleted archives held (borg compact). */
  compact?(job: Job, runner: Runner): Promise<CompactResult>;
  /**
   * The repository key as text, for a backup of it kept off the server
   * (`paper`: the form meant for printing and typing back in). Throws when
   * the repository has no key (encryption none).
   */
  exportKey?(job: Job, runner: Runner, request: { paper: boolean }): Promise<string>;
  /** Sizes and archive facts of the repository. */
  info?(job: Job, runner: Runner): Promise<RepositoryInfo>;
  /**
   * Sets aside an archive that was written but misses part of the client
   * (the client vanished while the program read it), so that listings,
   * `--archive latest` and pruning do not take it for a backup; its data
   * stays for the next run to reuse. Returns the archive's new name.
   */
  markIncomplete?(job: Job, runner: Runner, archive: string): Promise<string>;
  /**
   * Clears what a killed run left in the repository (e.g. a lock whose
   * process is gone), never what a live process holds. Returns one line per
   * thing done or found, for the user. Runs on the server, before a job.
   */
  cleanup?(job: Job, runner: Runner): Promise<string[]>;
  /**
   * Accepts the repository as it is now after it was restored from a copy
   * or rolled back (an archiver that refuses such a repository says so with
   * REPOSITORY_ROLLED_BACK). Runs on the server; returns one line per thing
   * done. Issue 15; `pullbak cleanup HOST --accept-rollback`.
   */
  acceptRollback?(job: Job, runner: Runner): Promise<string[]>;
}
