import type { ArchiveEntry, Job, Runner } from "@pullbak/core";
import { archiveLocation } from "./borg-command.js";
import { pathSelection } from "./path-patterns.js";
import { parsePythonAscii } from "./python-ascii.js";
import { runBorg } from "./run-borg.js";

/**
 * One line per entry, fields split by TAB. Strings go through `!a` (ASCII
 * escapes, so neither a TAB nor a newline of a name can split a line), and
 * the path is `bpath`, the one key borg 1.2 leaves byte-exact (issue 15:
 * `--json-lines` prints `caf?` for the latin-1 name `caf\xe9`).
 */
const FORMAT = "{bpath!a}{TAB}{mode}{TAB}{uid}{TAB}{gid}{TAB}{user!a}{TAB}{group!a}{TAB}{size}{TAB}{isomtime}{TAB}{linktarget!a}{NL}";

/** One line of FORMAT as an entry. */
export function parseEntryLine(line: string): ArchiveEntry {
  const [path, mode, uid, gid, user, group, size, mtime, linkTarget] = line.split("\t");
  if (linkTarget === undefined) throw new Error(`borg list printed a line pullbak cannot read: ${JSON.stringify(line)}`);
  const entry: ArchiveEntry = {
    path: parsePythonAscii(path!),
    mode: mode!,
    // A number when the id had no name where the archive was made.
    user: parsePythonAscii(user!),
    group: parsePythonAscii(group!),
    uid: Number(uid),
    gid: Number(gid),
    size: Number(size),
    mtime: mtime!,
  };
  const target = parsePythonAscii(linkTarget);
  if (target) entry.linkTarget = target;
  return entry;
}

/** `borg list --format ... REPO::ARCHIVE [PATH...]`: the entries as the archive recorded them (names and ids), paths byte-exact. */
export async function listFiles(job: Job, runner: Runner, request: { archive: string; paths: readonly string[] }): Promise<ArchiveEntry[]> {
  const selection = pathSelection(runner, request.paths);
  const outcome = await runBorg(job, runner, "list", ["--format", FORMAT, ...selection.options, "--", archiveLocation(runner, request.archive), ...selection.positionals]);
  return outcome.stdout
    .split("\n")
    .filter((line) => line !== "")
    .map(parseEntryLine);
}
