import type { CommandSpec } from "./command.js";
import type { Need, Runner } from "./isolation.js";
import type { Job } from "./job.js";

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
}

/** One file in an archive, as the archive recorded it. */
export interface ArchiveEntry {
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
  list(job: Job, runner: Runner): Promise<ArchiveSummary[]>;
  /** The entries of one archive (optionally under some client paths). */
  listFiles?(job: Job, runner: Runner, request: { archive: string; paths: readonly string[] }): Promise<ArchiveEntry[]>;
  /** Extracts into the runner's client root (cwd). */
  extract(job: Job, runner: Runner, request: ExtractRequest): Promise<void>;
  /** A command that writes the archive (or some paths of it) as a tar stream to stdout. */
  exportTar(job: Job, runner: Runner, request: { archive: string; paths: readonly string[] }): Promise<CommandSpec>;
  check(job: Job, runner: Runner): Promise<void>;
}
