import type { Archiver, Job, Runner } from "@pullbak/core";

/**
 * The device nodes (block and character) of the archive at or under
 * `paths`, as client paths. pullbak reads clients over SFTP, which carries
 * no device numbers: every device it archived reads `0,0` (issue 15: a
 * block device `b 7,0` came back from tar-restore as `b 0,0`, with exit 0).
 * tar-restore leaves them out rather than create a node with numbers
 * nobody knows. Empty when the archiver cannot list files.
 */
export async function unknownDevices(job: Job, archiver: Archiver, runner: Runner, request: { archive: string; paths: readonly string[] }): Promise<string[]> {
  if (!archiver.listFiles || job.commands.dryRun) return [];
  const entries = await archiver.listFiles(job, runner, request);
  return entries.filter((entry) => entry.mode.startsWith("b") || entry.mode.startsWith("c")).map((entry) => `/${entry.path.replace(/^\/+/, "")}`);
}
