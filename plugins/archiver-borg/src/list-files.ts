import type { ArchiveEntry, Job, Runner } from "@pullbak/core";
import { archivedPath } from "./archived-path.js";
import { archiveLocation } from "./borg-command.js";
import { runBorg } from "./run-borg.js";

interface ItemJson {
  path: string;
  mode: string;
  /** A number when the id had no name where the archive was made. */
  user: string | number;
  group: string | number;
  uid: number;
  gid: number;
  size: number;
  mtime: string;
  linktarget?: string;
}

/** `borg list --json-lines REPO::ARCHIVE [PATH...]`: the entries as the archive recorded them (names and ids). */
export async function listFiles(job: Job, runner: Runner, request: { archive: string; paths: readonly string[] }): Promise<ArchiveEntry[]> {
  const outcome = await runBorg(job, runner, "list", ["--json-lines", "--", archiveLocation(runner, request.archive), ...request.paths.map(archivedPath)]);
  return outcome.stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const item = JSON.parse(line) as ItemJson;
      const entry: ArchiveEntry = { path: item.path, mode: item.mode, user: String(item.user), group: String(item.group), uid: item.uid, gid: item.gid, size: item.size, mtime: item.mtime };
      if (item.linktarget) entry.linkTarget = item.linktarget;
      return entry;
    });
}
