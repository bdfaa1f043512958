import { PullbakError, type Job, type Runner } from "@pullbak/core";
import { repositoryLocation } from "./borg-command.js";
import { NEED } from "./borg-needs.js";
import { runBorg } from "./run-borg.js";

/**
 * `borg init` with the configured encryption. borg takes a new repository's
 * passphrase from BORG_PASSPHRASE_FD too (Passphrase.new falls back to it),
 * so it never needs BORG_NEW_PASSPHRASE in the environment. An empty
 * passphrase would make an "encrypted" repository that anyone can open:
 * refused.
 */
export async function initRepository(job: Job, runner: Runner): Promise<void> {
  const { encryption, path } = job.host.repository;
  if (encryption !== "none" && !job.commands.dryRun) {
    const passphrase = await job.passphrase();
    if (!passphrase || passphrase.length === 0) {
      throw new PullbakError("SECRET_UNAVAILABLE", `host ${job.host.name}: the repository passphrase is empty; encryption ${encryption} needs one`);
    }
  }
  // borg "warns" of its TAM format and to back the key up: said below, once, in pullbak's words.
  await runBorg(job, runner, "init", [`--encryption=${encryption}`, "--make-parent-dirs", "--", repositoryLocation(runner)], { warningsTo: "debug" });
  if (job.commands.dryRun) return;
  if (encryption.startsWith("keyfile")) {
    job.log.warn(`the key of ${path} is only in ${runner.pathOf(NEED.config)}/keys on this server: back it up with \`borg key export\``);
  } else if (encryption !== "none") {
    job.log.info(`the key is stored in the repository; keep a copy anyway (\`borg key export ${path}\`) and keep the passphrase`);
  }
}
