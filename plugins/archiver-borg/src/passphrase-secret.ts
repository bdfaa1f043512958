import type { CommandSpec, Job } from "@pullbak/core";

type Secret = NonNullable<CommandSpec["secret"]>;

/**
 * The passphrase on fd 3 (BORG_PASSPHRASE_FD), never argv or environment.
 * With no passphrase configured borg still gets the fd, empty: it then fails
 * with "passphrase ... is incorrect" instead of prompting on /dev/tty, which
 * it opens itself, whatever stdin is.
 */
export async function passphraseSecret(job: Job): Promise<Secret> {
  const bytes = (await job.passphrase()) ?? new Uint8Array();
  return { bytes, envVar: "BORG_PASSPHRASE_FD" };
}
