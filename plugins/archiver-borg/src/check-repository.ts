import { PullbakError, type CheckName, type Job, type Runner } from "@pullbak/core";
import { repositoryLocation } from "./borg-command.js";
import { runBorg } from "./run-borg.js";

/** borg check's options for each part pullbak can check (borg help check). */
const checkOptions: Record<CheckName, string[]> = {
  repository: ["--repository-only"],
  archives: ["--archives-only"],
  // --verify-data reads and verifies every chunk of every archive, after the repository part.
  data: ["--verify-data"],
};

/**
 * `borg check` of the repository and its archives, or of one part (`only`).
 * Never --repair: that asks "type YES", pullbak answers NO, and the error
 * says how to repair by hand. For check, exit 1 means it found damage, so
 * it fails like an error.
 */
export async function checkRepository(job: Job, runner: Runner, request: { only?: CheckName } = {}): Promise<void> {
  const options = request.only ? checkOptions[request.only] : [];
  const outcome = await runBorg(job, runner, "check", ["--progress", ...options, "--", repositoryLocation(runner)]);
  if (outcome.exitCode === 1) {
    // Errors first (a CRC error names the segment), then warnings; borg pads its columns with spaces.
    const found = [...outcome.log.errors.map((e) => e.message), ...outcome.log.warningLines()].map((line) => line.trim().replace(/\s+/g, " "));
    const shown = found.slice(0, 3).join("; ") + (found.length > 3 ? `; and ${found.length - 3} more` : "");
    throw new PullbakError(
      "ARCHIVER_FAILED",
      `host ${job.host.name}: borg check${options.length ? ` ${options.join(" ")}` : ""} found problems in ${job.host.repository.path}: ${shown || "see borg's output with --verbose"}; ` +
        `pullbak never repairs: copy the repository first, then run borg check --repair on it by hand (docs/upkeep.md, "When a check fails")`,
    );
  }
}
