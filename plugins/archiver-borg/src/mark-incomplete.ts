import type { Job, Runner } from "@pullbak/core";
import { archiveLocation, repositoryLocation } from "./borg-command.js";
import { runBorg } from "./run-borg.js";

/**
 * Renames an archive that misses part of its client to
 * `<name>.incomplete.checkpoint`: `borg list` hides every name with
 * `.checkpoint` in it (and so `pullbak list` and `--archive latest` do), its
 * chunks spare the next run from sending the same data again, and it falls
 * outside the host's prune pattern (borg prune only takes `<pattern>` or
 * `<pattern>.checkpoint(.N)`), so no retention rule deletes it: it is kept
 * until deleted by hand (issue 12, docs/upkeep.md). Only when that name is
 * taken does a number follow, `.incomplete.checkpoint.1`.
 */
export async function markIncomplete(job: Job, runner: Runner, archive: string): Promise<string> {
  const taken = new Set(await listNames(job, runner));
  let name = `${archive}.incomplete.checkpoint`;
  for (let n = 1; taken.has(name); n++) name = `${archive}.incomplete.checkpoint.${n}`;
  await runBorg(job, runner, "rename", ["--", archiveLocation(runner, archive), name]);
  return name;
}

async function listNames(job: Job, runner: Runner): Promise<string[]> {
  const outcome = await runBorg(job, runner, "list", ["--consider-checkpoints", "--short", "--", repositoryLocation(runner)]);
  return outcome.stdout.split("\n").filter((line) => line !== "");
}
