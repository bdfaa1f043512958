import { PullbakError, type ExtractRequest, type Job, type Runner } from "@pullbak/core";
import { archiveLocation, borgCommand } from "./borg-command.js";
import { borgPatchEnvironment } from "./borg-patches.js";
import { exactExcludes, pathSelection } from "./path-patterns.js";
import { runBorgSpec } from "./run-borg.js";

/**
 * `borg extract` into the runner's client root: the runner's `wrap` says
 * where that is (a chroot's "/", or cwd at the client's mount). A spec the
 * runner left as it was, with no cwd, would extract into pullbak's own
 * working directory: refused.
 * - `--numeric-ids` for a full restore: the archived uid/gid, not names.
 * - `--sparse`: holes stay holes (the lab seeds a sparse file).
 * - `skipSymlinkMetadata` (through sshfs): the `symlink-metadata` patch
 *   (libexec/python) makes borg's no-follow chown/utime of a symlink a no-op,
 *   since the client's sftp-server would apply them to the link's target.
 * - exit 1 (some metadata could not be set): the files are there, but the
 *   restore is not clean; thrown as ARCHIVER_WARNING, which exits 1.
 */
export async function extractArchive(job: Job, runner: Runner, request: ExtractRequest): Promise<void> {
  const selection = pathSelection(runner, request.paths);
  const args = [
    "extract",
    "--log-json",
    "--progress",
    "--sparse",
    ...(request.numericIds ? ["--numeric-ids"] : []),
    ...exactExcludes(request.excludes ?? []),
    ...selection.options,
    "--",
    archiveLocation(runner, request.archive),
    ...selection.positionals,
  ];
  const env = borgPatchEnvironment(runner, request.skipSymlinkMetadata ? ["symlink-metadata"] : []);
  const spec = await borgCommand(job, runner, args, env);
  if (spec.cwd === undefined && spec.argv[0] === "borg") {
    throw new PullbakError("ARCHIVER_FAILED", `host ${job.host.name}: borg extract needs a runner that places it at the client's root; this one runs on the server as it is`);
  }
  const outcome = await runBorgSpec(job, "extract", spec);
  if (outcome.exitCode === 1) {
    const lines = outcome.log.warningLines();
    const detail = lines.length > 0 ? lines.join("; ") : "borg named no warning";
    throw new PullbakError("ARCHIVER_WARNING", `host ${job.host.name}: borg extract of ${request.archive} finished with warnings: ${detail}`);
  }
}
