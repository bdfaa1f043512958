import type { Job, Runner } from "@pullbak/core";
import { archiveLocation, borgCommand } from "../borg-command.js";

export interface ArchivedItem {
  path: string;
  type: string;
  /** The recorded name, or the number when none was recorded. */
  user: string | number;
  group: string | number;
  uid: number;
  gid: number;
}

/** What `borg list --json-lines` says is in an archive: the user-visible truth about names and paths. */
export async function archiveItems(job: Job, runner: Runner, archive: string): Promise<ArchivedItem[]> {
  const spec = await borgCommand(job, runner, ["list", "--json-lines", "--", archiveLocation(runner, archive)]);
  const result = await job.commands.run(spec);
  if (result.exitCode !== 0) throw new Error(`borg list failed: ${result.stderr}`);
  return result.stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as ArchivedItem);
}
