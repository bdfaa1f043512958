import { PullbakError, type Job, type Runner } from "@pullbak/core";
import { repositoryLocation } from "./borg-command.js";
import { runBorg } from "./run-borg.js";

/**
 * `borg key export [--paper] REPO` to stdout: for a repokey repository the
 * key stored in the repository, for a keyfile one the key file in pullbak's
 * borg keys dir (`<hostStateDir>/borg/config/keys`). Either way the key is
 * still protected by the passphrase; both are needed to read the backups.
 */
export async function exportKey(job: Job, runner: Runner, request: { paper: boolean }): Promise<string> {
  if (["none", "authenticated", "authenticated-blake2"].includes(job.host.repository.encryption)) {
    throw new PullbakError("USAGE", `host ${job.host.name}: repository ${job.host.repository.path} is not encrypted (${job.host.repository.encryption}): it has no key to export`);
  }
  const outcome = await runBorg(job, runner, "key", ["export", ...(request.paper ? ["--paper"] : []), "--", repositoryLocation(runner)]);
  return outcome.stdout;
}
