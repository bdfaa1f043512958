import { pathToBytes, type Job } from "@pullbak/core";
import { diagnoseConnection } from "./diagnose-connection.js";
import { runSftpBatch } from "./sftp-batch.js";
import { sftpQuote } from "./sftp-quote.js";
import type { SshTarget } from "@pullbak/ssh";

/** An `ls -l` line of OpenSSH's sftp: mode, links, owner, group, size, three date words, then the full path. */
const LONG_LINE = /^([-dlcbps])[-rwxsStT]{9}\s+\S+\s+\S+\s+\S+\s+\d+\s+\S+\s+\S+\s+\S+\s+(.*)$/;

/**
 * Which of `paths` are symbolic links on the client, asked over sftp with
 * `target`'s key (the backup key: read-only internal-sftp). One `-ls -l
 * "PATH"` per path: sftp lstat()s what it is asked for, prints a link as an
 * `l` line (a directory as its entries, each with its own full path), and
 * the leading `-` keeps the batch going past a path that does not exist.
 * Every path is resolved by the client's kernel in the client's tree:
 * nothing is mounted and no client link is followed on the server.
 *
 * @throws PullbakError UNSAFE_CLIENT_PATH for a path with a control character
 *   (it cannot be put on an sftp batch line); when sftp cannot log in, the
 *   connection's failure by cause (CLIENT_UNREACHABLE, HOST_KEY_MISMATCH,
 *   COMMAND_FAILED), as for a failed mount.
 */
export async function symlinksOnClient(job: Job, target: SshTarget, paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0 || job.commands.dryRun) return [];
  // sftp's output reaches pullbak as UTF-8 text, where a byte that is not UTF-8 reads U+FFFD:
  // paths are matched in that spelling, so a link at a latin-1 name is still seen (issue 15).
  const lossy = (path: string) => pathToBytes(path).toString("utf8");
  const asked = new Set(paths.map(lossy));
  const result = await runSftpBatch(job, target, paths.map((path) => `-ls -l ${sftpQuote(path)}`));
  if (result.exitCode !== 0) {
    // sftp says little of why it could not connect; the same diagnosis as a failed mount says it by cause.
    throw await diagnoseConnection(job, target, result.stderr, "sftp could not look for links before the restore on");
  }
  const links = new Set<string>();
  for (const line of result.stdout.split("\n")) {
    const match = LONG_LINE.exec(line);
    if (match?.[1] === "l" && asked.has(match[2]!)) links.add(match[2]!);
  }
  return paths.filter((path) => links.has(lossy(path)));
}
