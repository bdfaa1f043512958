import type { FreeSpace, Job } from "@pullbak/core";
import { diagnoseConnection } from "./diagnose-connection.js";
import { runSftpBatch } from "./sftp-batch.js";
import { fitsBatchLine, sftpQuote } from "./sftp-quote.js";
import type { SshTarget } from "@pullbak/ssh";

/** `/a/b` -> `/a/b`, `/a`, `/`: where statvfs may be taken, deepest first. */
function selfAndAncestors(path: string): string[] {
  const parts = path.split("/").filter(Boolean);
  return [...parts.map((_, i) => `/${parts.slice(0, parts.length - i).join("/")}`), "/"];
}

/** OpenSSH sftp's `df` numbers: Size Used Avail (root) in KiB, then %Capacity. */
const DF_LINE = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+\d+%\s*$/;

/**
 * The free space of the filesystems holding `paths` on the client, asked
 * over sftp with `target`'s key (the backup key: read-only internal-sftp;
 * `statvfs@openssh.com` is a read request, so `-R` allows it, and it needs
 * no program on the client). One `-df` per path and per directory above it:
 * a path a restore is about to create does not exist yet, so its nearest
 * existing ancestor answers for it. sftp echoes each batch line before its
 * output, which ties each answer to its question.
 *
 * @throws when sftp cannot log in, the connection's failure by cause.
 */
export async function freeSpaceOnClient(job: Job, target: SshTarget, paths: readonly string[]): Promise<FreeSpace[]> {
  if (paths.length === 0 || job.commands.dryRun) return [];
  // A name with a control character cannot be put on a batch line (sftpQuote): its
  // nearest directory without one answers for it (issue 15: `/srv/new\nline`).
  const asked = [...new Set(paths.flatMap(selfAndAncestors))].filter(fitsBatchLine);
  const result = await runSftpBatch(job, target, asked.map((path) => `-df ${sftpQuote(path)}`));
  if (result.exitCode !== 0) throw await diagnoseConnection(job, target, result.stderr, "sftp could not measure the free space before the restore on");
  const answers = new Map<string, Omit<FreeSpace, "path" | "measuredAt">>();
  let index = -1;
  for (const line of result.stdout.split("\n")) {
    if (line.startsWith("sftp> ")) {
      index++;
      continue;
    }
    const match = DF_LINE.exec(line);
    const path = asked[index];
    if (!match || path === undefined) continue;
    const [size, used, avail, root] = match.slice(1, 5).map(Number) as [number, number, number, number];
    answers.set(path, { sizeBytes: size * 1024, availableBytes: avail * 1024, filesystem: `${size}/${used}/${avail}/${root}` });
  }
  return paths.flatMap((path) => {
    const measuredAt = selfAndAncestors(path).find((candidate) => answers.has(candidate));
    return measuredAt ? [{ path, measuredAt, ...answers.get(measuredAt)! }] : [];
  });
}
