import type { CommandSpec, Job, Runner } from "@pullbak/core";
import { archiveLocation, borgCommand } from "./borg-command.js";

/**
 * `borg export-tar REPO::ARCHIVE - [PATH...]`: the archive as a tar stream
 * on stdout, for a restorer to pipe into the client. Not run here: the
 * restorer runs it as one end of a pipe. Plain (not JSON) stderr, so the
 * restorer can quote borg's message as it is.
 */
export async function exportTarCommand(job: Job, runner: Runner, request: { archive: string; paths: readonly string[] }): Promise<CommandSpec> {
  return borgCommand(job, runner, [
    "export-tar",
    "--",
    archiveLocation(runner, request.archive),
    "-",
    ...request.paths.map((path) => runner.clientPath(path)),
  ]);
}
