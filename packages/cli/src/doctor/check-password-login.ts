import { failed, passed, type CheckResult } from "./check-result.js";
import type { DoctorContext } from "./doctor-context.js";
import { lastLine } from "./sftp-batch.js";
import { sshArgv } from "./ssh-command.js";
import { classifySshFailure } from "./ssh-failure.js";

const ID = "password-login";
const TITLE = "password login";
const TIMEOUT_MS = 30_000;
const PASSWORD_LIKE = ["password", "keyboard-interactive"];

/**
 * Password and keyboard-interactive logins are refused. ssh connects
 * offering no key and, in batch mode, never prompts; the server's refusal
 * lists the methods it would accept ("Permission denied (publickey,password)"),
 * which is all this needs: no password is ever tried, so nothing counts
 * against the client's login limits.
 */
export async function checkPasswordLogin(ctx: DoctorContext): Promise<CheckResult> {
  const { host } = ctx;
  const outcome = await ctx.commands.run({ argv: sshArgv(host, undefined, [], ["true"]) }, { probe: true, signal: AbortSignal.timeout(TIMEOUT_MS) });
  const failure = classifySshFailure(outcome.stderr);
  if (failure.kind === "auth-refused") {
    const offered = failure.methods.filter((m) => PASSWORD_LIKE.includes(m));
    if (offered.length === 0) return passed(ID, TITLE, `refused; ${host.name} accepts only ${failure.methods.join(", ")}`);
    return failed(
      ID,
      TITLE,
      `${host.name} offers ${offered.join(" and ")} login (it accepts ${failure.methods.join(", ")})`,
      `set PasswordAuthentication no and KbdInteractiveAuthentication no in the client's /etc/ssh/sshd_config (the first value of a keyword wins, Include files too), then reload its sshd`,
    );
  }
  if (outcome.exitCode === 0) {
    return failed(ID, TITLE, `${host.name} let ${host.ssh.user} in without any key or password`, "disable PermitEmptyPasswords and none authentication in the client's sshd_config now");
  }
  return failed(ID, TITLE, `could not tell: ${failure.kind === "none" ? lastLine(outcome.stderr) || `exit ${outcome.exitCode}` : failure.line}`, "fix the connection first (see the lines above)");
}
