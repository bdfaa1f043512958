import { randomBytes } from "node:crypto";
import { BACKUP_FORCED_COMMAND } from "@pullbak/core";
import { failed, passed, type CheckResult } from "./check-result.js";
import type { DoctorContext } from "./doctor-context.js";
import { keyFileProblem } from "./key-file.js";
import { lastLine } from "./sftp-batch.js";
import { sshArgv } from "./ssh-command.js";
import { classifySshFailure } from "./ssh-failure.js";

const ID = "backup-key";
const TITLE = "backup key";
const TIMEOUT_MS = 60_000;

export interface LoginCheck {
  result: CheckResult;
  /** The key got a session (whatever it could do with it): sftp checks can run. */
  loggedIn: boolean;
}

/**
 * The backup key logs in but cannot run a command. The command asked for
 * prints a marker that only a shell can produce: `printf %s%s pullbak-doctor- N`
 * prints `pullbak-doctor-N`, while a forced command that merely echoes
 * $SSH_ORIGINAL_COMMAND shows `pullbak-doctor- N`. The marker coming back
 * means the key runs whatever the server asks, as root.
 */
export async function checkBackupKeyLogin(ctx: DoctorContext): Promise<LoginCheck> {
  const { host } = ctx;
  const key = host.ssh.identityFile;
  const problem = await keyFileProblem(key);
  if (problem) {
    return { loggedIn: false, result: failed(ID, TITLE, problem, `run pullbak setup-client ${host.name} (it creates missing keys 0600), or chmod 600 ${key}`) };
  }
  const nonce = randomBytes(8).toString("hex");
  const marker = `pullbak-doctor-${nonce}`;
  const outcome = await ctx.commands.run(
    { argv: sshArgv(host, key, [], ["printf", "%s%s", "pullbak-doctor-", nonce]) },
    { probe: true, signal: AbortSignal.timeout(TIMEOUT_MS) },
  );
  const install = `put the backup line printed by pullbak setup-client ${host.name} --authorized-keys (restrict,command="${BACKUP_FORCED_COMMAND}") in ${host.ssh.user}'s ~/.ssh/authorized_keys on the client`;
  if (outcome.stdout.includes(marker)) {
    return {
      loggedIn: true,
      result: failed(ID, TITLE, `${key} logs in and RUNS COMMANDS on ${host.name} (a test command's output came back): anyone holding it is root there`, `${install}, and set PermitRootLogin forced-commands-only in its sshd_config`),
    };
  }
  const failure = classifySshFailure(outcome.stderr);
  switch (failure.kind) {
    case "auth-refused":
      return {
        loggedIn: false,
        result: failed(
          ID,
          TITLE,
          `${host.name} refused the key ${key} (${failure.line})`,
          `${install}; with PermitRootLogin forced-commands-only sshd refuses a root key whose line has no command= option (the client's sshd log says why)`,
        ),
      };
    case "host-key":
      return { loggedIn: false, result: failed(ID, TITLE, `ssh refused the host key: ${failure.line}`, "fix the host key first (see the host key line)") };
    case "unreachable":
      return { loggedIn: false, result: failed(ID, TITLE, `cannot connect: ${failure.line}`, `check that ${host.address} port ${host.ssh.port} is reachable and its sshd runs`) };
    case "none": {
      // internal-sftp answers an exec request on the session's stdout.
      const said = lastLine(outcome.stderr) || lastLine(outcome.stdout);
      // 255 is ssh's own failure, not the remote command's answer. sshd 9 ends a root login
      // this way ("ROOT LOGIN REFUSED" in its log) when PermitRootLogin forced-commands-only
      // meets a key line without command=.
      if (outcome.exitCode === 255) {
        return {
          loggedIn: false,
          result: failed(ID, TITLE, `${host.name} ended the login with ${key} (ssh: ${said || "no message"})`, `${install}; sshd drops a root key without command= under PermitRootLogin forced-commands-only (its log says ROOT LOGIN REFUSED)`),
        };
      }
      return { loggedIn: true, result: passed(ID, TITLE, `${key} logs in and cannot run a command (${said ? `the client said "${said}"` : `exit ${outcome.exitCode}, no output`})`) };
    }
  }
}
