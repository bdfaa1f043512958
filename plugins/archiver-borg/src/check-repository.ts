import { PullbakError, type Job, type Runner } from "@pullbak/core";
import { repositoryLocation } from "./borg-command.js";
import { runBorg } from "./run-borg.js";

/**
 * `borg check` of the repository and its archives (no --repair: that asks
 * "type YES", and pullbak answers NO). For check, exit 1 means it found
 * damage, so it fails like an error.
 */
export async function checkRepository(job: Job, runner: Runner): Promise<void> {
  const outcome = await runBorg(job, runner, "check", ["--progress", "--", repositoryLocation(runner)]);
  if (outcome.exitCode === 1) {
    const found = [...outcome.log.errors.map((e) => e.message), ...outcome.log.warningLines()];
    throw new PullbakError(
      "ARCHIVER_FAILED",
      `host ${job.host.name}: borg check found problems in ${job.host.repository.path}: ${found.slice(-3).join("; ") || "see borg's output with --verbose"}`,
    );
  }
}
