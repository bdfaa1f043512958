import type { Job, Runner } from "@pullbak/core";
import { archiveLocation } from "./borg-command.js";
import { pathSelection } from "./path-patterns.js";
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
    const selection = pathSelection(runner, [path]);
    const outcome = await runBorg(job, runner, "list", ["--format", ".", ...selection.options, "--", archiveLocation(runner, request.archive), ...selection.positionals]);
    if (outcome.stdout.length === 0) missing.push(path);
  }
  return missing;
}
