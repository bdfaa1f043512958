import { randomUUID } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CommandResult } from "@pullbak/core";
import type { DoctorContext } from "./doctor-context.js";
import { sftpArgv } from "./ssh-command.js";

/** Files fetched from a client are small config and version files; a bigger one is refused, not read. */
export const MAX_FETCHED_BYTES = 1024 * 1024;
const SFTP_TIMEOUT_MS = 60_000;

export interface SftpOutcome extends CommandResult {
  /** What the commands printed, without sftp's echo of each batch line (`sftp> ...`). */
  lines: string[];
}

/**
 * Runs batch `commands` over sftp with `identity` (the backup key: its
 * forced command is a read-only internal-sftp). Paths resolve on the client,
 * by the client's kernel: nothing is mounted and no client symlink is ever
 * followed on the server. `get` writes only into the doctor's own 0700
 * work dir, under names pullbak chose, and RLIMIT_FSIZE stops a client that
 * serves an endless file.
 */
export async function runSftp(ctx: DoctorContext, identity: string, commands: readonly string[]): Promise<SftpOutcome> {
  // The batch goes in a file of the work dir: the runner's stdin takes only streams with a file descriptor.
  const batch = join(ctx.workDir, `batch-${randomUUID()}`);
  await writeFile(batch, `${commands.join("\n")}\n`, { mode: 0o600 });
  const argv = ["prlimit", `--fsize=${MAX_FETCHED_BYTES}`, "--", ...sftpArgv(ctx.host, identity, batch)];
  const result = await ctx.commands
    .run({ argv }, { probe: true, signal: AbortSignal.timeout(SFTP_TIMEOUT_MS) })
    .finally(() => rm(batch, { force: true }));
  const lines = result.stdout.split("\n").filter((line) => line !== "" && !line.startsWith("sftp> "));
  return { ...result, lines };
}

/** ssh's last words, for a failure message. */
export function lastLine(text: string): string {
  return text.trim().split("\n").filter(Boolean).at(-1) ?? "";
}
