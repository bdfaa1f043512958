import { failed, passed, type CheckResult } from "./check-result.js";
import type { DoctorContext } from "./doctor-context.js";
import { lastLine } from "./sftp-batch.js";
import { forwardTarget, sshArgv } from "./ssh-command.js";

const ID = "backup-key-restricted";
const TITLE = "backup key restricted";
const TIMEOUT_MS = 30_000;

/**
 * `restrict` on the key's line: without it the key may forward ports, and a
 * stolen backup key reaches whatever the client can reach. The probe asks
 * the client to connect to its own sshd (`ssh -W`): a restricted key is told
 * "administratively prohibited"; an unrestricted one gets the sshd banner
 * back. Stdin is empty, so the forwarded connection closes at once.
 */
export async function checkBackupKeyForwarding(ctx: DoctorContext): Promise<CheckResult> {
  const { host } = ctx;
  const outcome = await ctx.commands.run(
    { argv: sshArgv(host, host.ssh.identityFile, ["-W", forwardTarget(host)], []) },
    { probe: true, signal: AbortSignal.timeout(TIMEOUT_MS) },
  );
  if (/administratively prohibited/.test(outcome.stderr)) return passed(ID, TITLE, "the backup key cannot forward connections");
  const fix = `start the backup key's line in the client's authorized_keys with restrict, (pullbak setup-client ${host.name} --authorized-keys prints it), or set AllowTcpForwarding no`;
  if (outcome.stdout.startsWith("SSH-") || /open failed: connect failed/.test(outcome.stderr)) {
    return failed(ID, TITLE, `the backup key may forward connections through ${host.name} (no restrict on its line)`, fix);
  }
  return failed(ID, TITLE, `could not tell: ssh said "${lastLine(outcome.stderr) || `exit ${outcome.exitCode}`}"`, fix);
}
