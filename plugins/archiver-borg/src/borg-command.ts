import type { CommandSpec, Job, Runner } from "@pullbak/core";
import { borgEnvironment } from "./borg-environment.js";
import { NEED } from "./borg-needs.js";
import { passphraseSecret } from "./passphrase-secret.js";

/** `REPO::ARCHIVE` with the repository spelled as the runner sees it. */
export function archiveLocation(runner: Runner, archive: string): string {
  return `${runner.pathOf(NEED.repository)}::${archive}`;
}

export function repositoryLocation(runner: Runner): string {
  return runner.pathOf(NEED.repository);
}

/**
 * A borg command as the runner will run it: argv only, borg's environment,
 * the passphrase on fd 3, and SIGINT on cancel (borg then writes a
 * checkpoint archive and stops; SIGTERM would lose the work done so far).
 */
export async function borgCommand(job: Job, runner: Runner, args: readonly string[], extraEnv: Record<string, string> = {}): Promise<CommandSpec> {
  return runner.wrap({
    argv: ["borg", ...args],
    env: { ...borgEnvironment(runner, job.host), ...extraEnv },
    secret: await passphraseSecret(job),
    killSignal: "SIGINT",
  });
}
