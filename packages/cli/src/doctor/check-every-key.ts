import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { keyFileFor } from "@pullbak/core";
import { sftpQuote } from "@pullbak/transport-sshfs";
import { keyPurposes, type KeyPurpose } from "../client-setup/key-purposes.js";
import { parseAuthorizedKeys, type AuthorizedKey } from "./authorized-keys.js";
import { failed, passed, skipped, type CheckResult } from "./check-result.js";
import { ClientFiles } from "./client-files.js";
import type { DoctorContext } from "./doctor-context.js";
import { keyFileProblem } from "./key-file.js";
import { lastLine, runSftp } from "./sftp-batch.js";
import { sshArgv } from "./ssh-command.js";
import { classifySshFailure } from "./ssh-failure.js";

const TIMEOUT_MS = 60_000;

/** What sshd and login shells answer instead of running a command (see plugins/restore-tar/src/client-refusal.ts). */
const SFTP_ONLY = /allows sftp connections only/i;
const NO_SHELL = /account is (currently )?not available/i;

/** Every key of the host but the backup key (its own checks exist): each restorer's purpose, then any other `ssh.keys` entry. */
export function keysToCheck(ctx: DoctorContext): KeyPurpose[] {
  const known = keyPurposes(ctx.loaded.registry).filter((p) => p.purpose !== "backup");
  const others = Object.keys(ctx.host.ssh.keys)
    .filter((purpose) => purpose !== "backup" && !known.some((p) => p.purpose === purpose))
    .map((purpose) => ({ purpose, forcedCommand: "", usedBy: ["(no installed plugin)"] }));
  return [...known, ...others];
}

/** The public key's blob (the second word of `ssh-keygen -y`), or undefined when the key cannot be read. */
async function publicBlob(ctx: DoctorContext, file: string): Promise<string | undefined> {
  const fromPub = await readFile(`${file}.pub`, "utf8").catch(() => undefined);
  const text = fromPub ?? (await ctx.commands.run({ argv: ["ssh-keygen", "-y", "-f", file] }, { probe: true })).stdout;
  return text.trim().split(/\s+/)[1];
}

/** `~user/.ssh/authorized_keys` on the client, parsed; undefined when it cannot be read with the backup key. */
export async function clientAuthorizedKeys(ctx: DoctorContext): Promise<AuthorizedKey[] | undefined> {
  const home = ctx.host.ssh.user === "root" ? "/root" : `/home/${ctx.host.ssh.user}`;
  const text = await new ClientFiles(ctx).read(`${home}/.ssh/authorized_keys`).catch(() => undefined);
  return text === undefined ? undefined : parseAuthorizedKeys(text);
}

/**
 * One key (issue 15): it exists and is private, its line in the client's
 * authorized_keys forces the command pullbak expects for its purpose (or
 * says what it forces instead), and it logs in. The login probe asks for a
 * shell-only marker (`printf %s%s`), as the backup key's check does: a
 * forced command runs instead, and what comes back tells which: sshd's
 * "This service allows sftp connections only." for an sftp key, nologin's
 * "This account is currently not available.", tar's complaint about an
 * empty archive (stdin is empty, so nothing is written). A key whose
 * purpose needs sftp writes is also asked to make a directory where none
 * can be made (nothing is written either way).
 */
async function checkKey(ctx: DoctorContext, key: KeyPurpose, installed: AuthorizedKey[] | undefined): Promise<CheckResult> {
  const { host } = ctx;
  const id = `key-${key.purpose}`;
  const title = `${key.purpose} key`;
  const file = keyFileFor(host, key.purpose);
  const setup = `pullbak setup-client ${host.name} --authorized-keys prints the line`;
  const wanted = key.forcedCommand ? `restrict,command="${key.forcedCommand}"` : "a forced command";
  const problem = await keyFileProblem(file);
  if (problem) return failed(id, title, `${problem} (used by ${key.usedBy.join(", ")})`, `run pullbak setup-client ${host.name} (it creates missing keys), or set ssh.keys.${key.purpose}`);

  const blob = await publicBlob(ctx, file);
  const entry = blob && installed ? installed.find((k) => k.blob === blob) : undefined;
  if (installed && !entry) return failed(id, title, `${file} is not in ${host.ssh.user}'s authorized_keys on ${host.name}`, `install it pinned to ${wanted} (${setup})`);
  if (entry && key.forcedCommand && entry.command !== key.forcedCommand) {
    const has = entry.command === undefined ? "no forced command" : `the forced command "${entry.command}"`;
    return failed(id, title, `${file} has ${has} in authorized_keys line ${entry.line} on ${host.name}; ${key.usedBy.join(", ")} need "${key.forcedCommand}"`, `pin it to ${wanted} (${setup})`);
  }

  const nonce = randomBytes(8).toString("hex");
  const outcome = await ctx.commands.run({ argv: sshArgv(host, file, [], ["printf", "%s%s", "pullbak-doctor-", nonce]) }, { probe: true, signal: AbortSignal.timeout(TIMEOUT_MS) });
  const said = lastLine(outcome.stdout) || lastLine(outcome.stderr);
  if (outcome.stdout.includes(`pullbak-doctor-${nonce}`)) {
    return failed(id, title, `${file} logs in and RUNS COMMANDS on ${host.name}: anyone holding it is ${host.ssh.user} there`, `pin it to ${wanted} (${setup}), and set PermitRootLogin forced-commands-only`);
  }
  const failure = classifySshFailure(outcome.stderr);
  if (failure.kind !== "none") return failed(id, title, `${file} does not log in to ${host.name}: ${failure.line}`, `install it pinned to ${wanted} (${setup})`);
  if (outcome.exitCode === 255) return failed(id, title, `${host.name} ended the login with ${file} (ssh: ${said || "no message"})`, `install it pinned to ${wanted} (${setup})`);
  const sftpKey = key.forcedCommand.startsWith("internal-sftp");
  if (NO_SHELL.test(said) && !sftpKey) {
    return failed(id, title, `${file} logs in, but ${host.name} answers "${said}": ${host.ssh.user}'s login shell there is nologin, which sshd runs the forced command through`, `give ${host.ssh.user} a shell on the client (usermod -s /bin/sh ${host.ssh.user}); see the login shell line`);
  }
  if (SFTP_ONLY.test(said) && key.forcedCommand && !sftpKey) {
    return failed(id, title, `${file} is an sftp-only key on ${host.name} ("${said}"); ${key.usedBy.join(", ")} need "${key.forcedCommand}"`, `pin it to ${wanted} (${setup})`);
  }
  if (sftpKey && !key.forcedCommand.includes("-R")) {
    const probe = `/pullbak-doctor-${randomBytes(8).toString("hex")}/probe`;
    const writes = await runSftp(ctx, file, [`mkdir ${sftpQuote(probe)}`]);
    if (/Permission denied/.test(lastLine(writes.stderr))) {
      return failed(id, title, `${file} is a read-only key on ${host.name} (its sftp refuses writes); ${key.usedBy.join(", ")} restore nothing with it`, `pin it to ${wanted} (${setup})`);
    }
    if (!/No such file/.test(lastLine(writes.stderr))) return failed(id, title, `${file}: sftp did not answer as expected: ${lastLine(writes.stderr) || `exit ${writes.exitCode}`}`, `install it pinned to ${wanted} (${setup})`);
  }
  const forced = entry?.command !== undefined ? `forced command "${entry.command}"` : "forced command not seen (authorized_keys not readable with the backup key)";
  return passed(id, title, `${file} logs in, ${forced}${said ? `; the client said "${said}"` : ""}`);
}

/** One line per configured key (issue 15); skipped when the host cannot be reached. */
export async function checkEveryKey(ctx: DoctorContext, reachable: boolean, backupKeyLogsIn: boolean, guarded: (id: string, title: string, check: () => Promise<CheckResult>) => Promise<CheckResult>): Promise<CheckResult[]> {
  const keys = keysToCheck(ctx);
  if (!reachable) return keys.map((key) => skipped(`key-${key.purpose}`, `${key.purpose} key`, "the host key check failed"));
  const installed = backupKeyLogsIn ? await clientAuthorizedKeys(ctx) : undefined;
  const results: CheckResult[] = [];
  for (const key of keys) results.push(await guarded(`key-${key.purpose}`, `${key.purpose} key`, () => checkKey(ctx, key, installed)));
  return results;
}
