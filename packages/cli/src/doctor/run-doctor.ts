import { isPullbakError } from "@pullbak/core";
import { checkBackupKeyForwarding } from "./check-backup-key-forwarding.js";
import { checkBackupKeyLogin } from "./check-backup-key-login.js";
import { checkBackupKeyReadOnly } from "./check-backup-key-read-only.js";
import { checkClientBorg } from "./check-client-borg.js";
import { checkEveryKey, keysToCheck } from "./check-every-key.js";
import { checkLoginShell } from "./check-login-shell.js";
import { checkFuse } from "./check-fuse.js";
import { checkHostKey } from "./check-host-key.js";
import { checkPasswordLogin } from "./check-password-login.js";
import { checkRepository } from "./check-repository.js";
import { failed, skipped, type CheckResult } from "./check-result.js";
import { checkServerBorg } from "./check-server-borg.js";
import { checkSshdConfig } from "./check-sshd-config.js";
import { checkSshfs } from "./check-sshfs.js";
import { checkTunnel } from "./check-tunnel.js";
import type { DoctorContext } from "./doctor-context.js";
import { checkTransportKeys } from "./check-transport-keys.js";

/** A check that throws (a config value ssh cannot take, a tool missing) becomes a failed line, not the end of the report. */
async function guarded(id: string, title: string, check: () => Promise<CheckResult>): Promise<CheckResult> {
  try {
    return await check();
  } catch (error) {
    if (isPullbakError(error, "INTERRUPTED")) throw error;
    return failed(id, title, error instanceof Error ? error.message : String(error), "fix what the message names, then run doctor again");
  }
}

/**
 * Every check, in an order where each depends only on earlier ones: the
 * host key first (ssh refuses everything else without it), then what the
 * backup key can do, the client's sshd settings, this server's tools, and
 * the repository. A check that cannot run because of an earlier failure is
 * skipped, saying which.
 */
export async function runDoctor(ctx: DoctorContext): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  // issue 14: a tunnelled host is reached only through its tunnel; say so first.
  if (ctx.host.tunnel) results.push(await guarded("tunnel", "tunnel", () => checkTunnel(ctx)));
  const hostKey = await guarded("host-key", "host key", () => checkHostKey(ctx));
  results.push(hostKey);
  const reachable = hostKey.status === "ok";

  // Issue 14: a transport with keys of its own (tar-stream) checks them; the sftp backup key and sshfs are not used.
  const transportKeys = await checkTransportKeys(ctx, reachable);
  if (transportKeys) {
    results.push(...transportKeys);
    const notUsed = `transport ${ctx.host.plugins.transport} does not use it`;
    for (const [id, title] of [["backup-key", "backup key"], ["backup-key-read-only", "backup key read-only"], ["backup-key-restricted", "backup key restricted"], ["sshd-config", "sshd_config"], ["sshfs", "sshfs"], ["fuse", "FUSE"]] as const) {
      results.push(skipped(id, title, notUsed));
    }
    results.push(await guarded("password-login", "password login", () => checkPasswordLogin(ctx)));
    results.push((await checkServerBorg(ctx)).result);
    results.push(await guarded("repository", "repository", () => checkRepository(ctx)));
    return results;
  }

  let loggedIn = false;
  if (reachable) {
    results.push(
      await guarded("backup-key", "backup key", async () => {
        const check = await checkBackupKeyLogin(ctx);
        loggedIn = check.loggedIn;
        return check.result;
      }),
    );
  } else {
    results.push(skipped("backup-key", "backup key", "the host key check failed"));
  }
  const withKey = (id: string, title: string, check: () => Promise<CheckResult>) =>
    loggedIn ? guarded(id, title, check) : Promise.resolve(skipped(id, title, reachable ? "the backup key does not log in" : "the host key check failed"));
  results.push(await withKey("backup-key-read-only", "backup key read-only", () => checkBackupKeyReadOnly(ctx)));
  results.push(await withKey("backup-key-restricted", "backup key restricted", () => checkBackupKeyForwarding(ctx)));
  results.push(
    reachable ? await guarded("password-login", "password login", () => checkPasswordLogin(ctx)) : skipped("password-login", "password login", "the host key check failed"),
  );
  results.push(await withKey("sshd-config", "sshd_config", () => checkSshdConfig(ctx)));
  // issue 15 (keys): every other configured key, and the login shell sshd runs their commands through.
  results.push(...(await checkEveryKey(ctx, reachable, loggedIn, guarded)));
  results.push(await withKey("login-shell", "login shell", () => checkLoginShell(ctx, keysToCheck(ctx))));

  results.push(await guarded("sshfs", "sshfs", () => checkSshfs(ctx)));
  results.push(await guarded("fuse", "FUSE", () => checkFuse(ctx)));
  const serverBorg = await checkServerBorg(ctx);
  results.push(serverBorg.result);
  const clientBorg = () => checkClientBorg(ctx, serverBorg.version);
  results.push(ctx.host.plugins.isolation === "chroot" ? await withKey("borg-client", "borg (client)", clientBorg) : await guarded("borg-client", "borg (client)", clientBorg));
  results.push(await guarded("repository", "repository", () => checkRepository(ctx)));
  return results;
}
