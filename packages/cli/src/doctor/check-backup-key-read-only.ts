import { randomBytes } from "node:crypto";
import { BACKUP_FORCED_COMMAND } from "@pullbak/core";
import { failed, passed, type CheckResult } from "./check-result.js";
import type { DoctorContext } from "./doctor-context.js";
import { sftpQuote } from "@pullbak/transport-sshfs";
import { lastLine, runSftp } from "./sftp-batch.js";

const ID = "backup-key-read-only";
const TITLE = "backup key read-only";

/**
 * The backup key's sftp is read-only (`internal-sftp -R`). The probe asks to
 * make a directory inside one that does not exist, so it can succeed
 * nowhere: a read-only server refuses the request itself ("Permission
 * denied"), a writable one looks for the parent ("No such file"). Nothing is
 * written to the client either way.
 */
export async function checkBackupKeyReadOnly(ctx: DoctorContext): Promise<CheckResult> {
  const { host } = ctx;
  const path = `/pullbak-doctor-${randomBytes(8).toString("hex")}/probe`;
  const outcome = await runSftp(ctx, host.ssh.identityFile, [`mkdir ${sftpQuote(path)}`]);
  const said = lastLine(outcome.stderr);
  if (/Permission denied/.test(said)) return passed(ID, TITLE, "the backup key's sftp refuses writes");
  const fix = `pin the backup key to restrict,command="${BACKUP_FORCED_COMMAND}" in the client's authorized_keys (pullbak setup-client ${host.name} --authorized-keys)`;
  if (/No such file/.test(said)) {
    return failed(ID, TITLE, "the backup key's sftp accepts write requests: a stolen backup key (or a compromised server) could change the client", fix);
  }
  return failed(ID, TITLE, `could not tell: sftp said "${said || `exit ${outcome.exitCode}`}"`, fix);
}
