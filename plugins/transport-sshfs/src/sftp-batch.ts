import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToBytes, PullbakError, type CommandResult, type Job } from "@pullbak/core";
import type { SshTarget } from "@pullbak/ssh";

/** How long a batch may take once connected: a few round trips per line, on a slow link. */
const BATCH_SECONDS = 120;

/**
 * Runs batch `lines` with OpenSSH's sftp and `target`'s key. The batch file
 * sits in a fresh 0700 dir under the host's state dir (sftp reads it by
 * name) and is removed afterwards. Every path resolves on the client, by
 * the client's kernel: nothing is mounted. sftp echoes each batch line to
 * stdout as `sftp> LINE` before its output, which lets callers tell whose
 * output is whose; a line starting with `-` does not stop the batch when it
 * fails.
 *
 * @throws PullbakError INTERRUPTED when the job was stopped; CLIENT_UNREACHABLE
 *   when the batch takes longer than `ssh.connectTimeout` + 120 s.
 */
export async function runSftpBatch(job: Job, target: SshTarget, lines: readonly string[], options: { probe?: boolean } = {}): Promise<CommandResult> {
  await mkdir(job.hostStateDir, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(join(job.hostStateDir, "sftp-batch-"));
  try {
    const batch = join(dir, "batch");
    // As bytes: a client name that is not UTF-8 (U+DC80 + byte) is written as the client spells it (issue 15).
    await writeFile(batch, pathToBytes(`${lines.join("\n")}\n`), { mode: 0o600 });
    // A client that logs in and then never answers must not hold the run until its timeout.
    const seconds = job.host.ssh.connectTimeout + BATCH_SECONDS;
    const deadline = AbortSignal.timeout(seconds * 1000);
    const result = await job.commands.run({ argv: target.sftpArgv(batch) }, { signal: deadline, ...(options.probe ? { probe: true } : {}) });
    if (result.canceled && deadline.aborted && !job.signal.aborted) {
      throw new PullbakError("CLIENT_UNREACHABLE", `host ${job.host.name}: sftp to the client did not finish within ${seconds} s`);
    }
    if (result.canceled) throw job.signal.reason instanceof PullbakError ? job.signal.reason : new PullbakError("INTERRUPTED", `host ${job.host.name}: stopped`);
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
