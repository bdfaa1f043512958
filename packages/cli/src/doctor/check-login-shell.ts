import { failed, passed, type CheckResult } from "./check-result.js";
import { ClientFiles } from "./client-files.js";
import type { DoctorContext } from "./doctor-context.js";
import type { KeyPurpose } from "../client-setup/key-purposes.js";

const ID = "login-shell";
const TITLE = "login shell";
const NO_SHELL = /\/(nologin|false)$/;

/**
 * The ssh user's login shell on the client (issue 15), from its
 * /etc/passwd read with the backup key. sshd runs every forced command
 * but internal-sftp as `SHELL -c COMMAND`: with nologin (or false) as the
 * shell, the sftp keys still work but the tar key cannot run tar, and
 * tar-restore fails with nologin's "This account is currently not
 * available." A shell for root does not open root to logins: with
 * `PermitRootLogin forced-commands-only` every key runs only its command.
 */
export async function checkLoginShell(ctx: DoctorContext, keys: readonly KeyPurpose[]): Promise<CheckResult> {
  const { host } = ctx;
  const passwd = await new ClientFiles(ctx).read("/etc/passwd");
  if (passwd === undefined) return failed(ID, TITLE, `${host.name} has no /etc/passwd`, "look at the client");
  const entry = passwd.split("\n").find((line) => line.split(":")[0] === host.ssh.user);
  if (!entry) return failed(ID, TITLE, `${host.ssh.user} is not in ${host.name}'s /etc/passwd`, `set ssh.user to the account whose authorized_keys hold pullbak's keys`);
  const shell = entry.split(":")[6]?.trim() ?? "";
  const needShell = keys.filter((k) => k.forcedCommand !== "" && !k.forcedCommand.startsWith("internal-sftp"));
  if (NO_SHELL.test(shell) || shell === "") {
    if (needShell.length === 0) return passed(ID, TITLE, `${host.ssh.user}'s login shell is ${shell || "empty"}; no configured key needs one (internal-sftp runs without it)`);
    const who = needShell.map((k) => `${k.purpose} key (${k.usedBy.join(", ")})`).join(", ");
    return failed(
      ID,
      TITLE,
      `${host.ssh.user}'s login shell on ${host.name} is ${shell || "empty"}: sshd runs the forced commands of the ${who} through it, so they cannot run ("This account is currently not available.")`,
      `on the client: usermod -s /bin/sh ${host.ssh.user} (PermitRootLogin forced-commands-only still allows only the forced commands)`,
    );
  }
  return passed(ID, TITLE, `${host.ssh.user}'s login shell is ${shell}`);
}
