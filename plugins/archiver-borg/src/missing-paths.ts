import type { Job, Runner } from "@pullbak/core";
import { archivedPath } from "./archived-path.js";
import { archiveLocation } from "./borg-command.js";
import { runBorg } from "./run-borg.js";

/**
 * The asked client paths under which the archive holds nothing: one
 * `borg list --format . REPO::ARCHIVE PATH` each, which prints one byte per
 * matching entry (the path itself or anything below it: borg's path
 * arguments are prefixes) and exits 0 with no output when nothing matches
 * (borg 1.2.4, seen). One byte an entry keeps a large subtree cheap to count.
 */
export async function missingPaths(job: Job, runner: Runner, request: { archive: string; paths: readonly string[] }): Promise<string[]> {
  const missing: string[] = [];
  for (const path of request.paths) {
    const outcome = await runBorg(job, runner, "list", ["--format", ".", "--", archiveLocation(runner, request.archive), archivedPath(path)]);
    if (outcome.stdout.length === 0) missing.push(path);
  }
  return missing;
}
