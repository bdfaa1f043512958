import { randomBytes } from "node:crypto";
import { PullbakError, type Job } from "@pullbak/core";
import { diagnoseConnection } from "./diagnose-connection.js";
import type { IdentityFile } from "@pullbak/ssh";
import { runSftpBatch } from "./sftp-batch.js";
import { sftpQuote } from "./sftp-quote.js";
import type { SshTarget } from "@pullbak/ssh";

/**
 * Before a read-write mount (a restore), makes sure the key's sftp accepts
 * writes (issue 15: with a read-only restore key, `extract` and
 * `chroot-extract` used to run, restore nothing and exit 1). The probe asks
 * to make a directory inside one that does not exist, so it can succeed
 * nowhere and writes nothing: an sftp-server started with `-R` (the backup
 * key's `internal-sftp -R`) refuses the request itself ("Permission
 * denied"), a writable one looks for the parent ("No such file").
 *
 * @throws PullbakError READ_ONLY_KEY (exit 2) naming the key file and the fix;
 *   when sftp cannot log in, the connection's failure by cause, as for a
 *   failed mount.
 */
export async function assertKeyWrites(job: Job, target: SshTarget, identity: IdentityFile): Promise<void> {
  if (job.commands.dryRun) return;
  const probe = `/pullbak-write-probe-${randomBytes(8).toString("hex")}/probe`;
  const result = await runSftpBatch(job, target, [`mkdir ${sftpQuote(probe)}`]);
  if (/No such file/i.test(result.stderr)) return;
  if (/Permission denied/i.test(result.stderr)) {
    throw new PullbakError(
      "READ_ONLY_KEY",
      `host ${job.host.name}: read-only key: ${identity.path} (${identity.where}) logs in to an sftp that refuses writes (internal-sftp -R on the client), so a restore with it writes nothing; nothing was restored. Pin that key to restrict,command="internal-sftp" in the client's authorized_keys (pullbak setup-client ${job.host.name} --authorized-keys prints the line), or point the config at the restore key`,
    );
  }
  if (result.exitCode === 0) return;
  throw await diagnoseConnection(job, target, result.stderr, "sftp could not check that the key may write before the restore on");
}
