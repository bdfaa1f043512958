import type { CommandSpec, Job, Runner } from "@pullbak/core";
import { exactExcludes, pathSelection } from "./path-patterns.js";
import { archiveLocation, borgCommand } from "./borg-command.js";

/**
 * `borg export-tar REPO::ARCHIVE - [PATH...]`: the archive as a tar stream
 * on stdout, for a restorer to pipe into the client. Not run here: the
 * restorer runs it as one end of a pipe. Plain (not JSON) stderr, so the
 * restorer can quote borg's message as it is. `excludes` are exact client
 * paths left out of the stream (`--exclude pf:PATH`: borg's literal
 * full-path pattern, so no character of a name is read as a wildcard).
 */
export async function exportTarCommand(job: Job, runner: Runner, request: { archive: string; paths: readonly string[]; excludes?: readonly string[] }): Promise<CommandSpec> {
  const selection = pathSelection(runner, request.paths);
  return borgCommand(job, runner, [
    "export-tar",
    ...exactExcludes(request.excludes ?? []),
    ...selection.options,
    "--",
    archiveLocation(runner, request.archive),
    "-",
    ...selection.positionals,
  ]);
}
