import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PullbakError, type CommandResult, type Job } from "@pullbak/core";
import type { SshTarget } from "./ssh-target.js";

/**
 * Runs batch `lines` with OpenSSH's sftp and `target`'s key. The batch file
 * sits in a fresh 0700 dir under the host's state dir (sftp reads it by
 * name) and is removed afterwards. Every path resolves on the client, by
 * the client's kernel: nothing is mounted. sftp echoes each batch line to
 * stdout as `sftp> LINE` before its output, which lets callers tell whose
 * output is whose; a line starting with `-` does not stop the batch when it
 * fails.
 *
 * @throws PullbakError INTERRUPTED when the job was stopped.
 */
export async function runSftpBatch(job: Job, target: SshTarget, lines: readonly string[], options: { probe?: boolean } = {}): Promise<CommandResult> {
  await mkdir(job.hostStateDir, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(join(job.hostStateDir, "sftp-batch-"));
  try {
    const batch = join(dir, "batch");
    await writeFile(batch, `${lines.join("\n")}\n`, { mode: 0o600 });
    const result = await job.commands.run({ argv: target.sftpArgv(batch) }, options.probe ? { probe: true } : {});
    if (result.canceled) throw job.signal.reason instanceof PullbakError ? job.signal.reason : new PullbakError("INTERRUPTED", `host ${job.host.name}: stopped`);
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
