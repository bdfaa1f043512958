import type { Job, Runner } from "@pullbak/core";
import { archiveLocation, repositoryLocation } from "./borg-command.js";
import { runBorg } from "./run-borg.js";

/**
 * Renames an archive that misses part of its client to `<name>.checkpoint`,
 * the name borg gives its own checkpoints: `borg list` (and so `pullbak
 * list` and `--archive latest`) hides it, `borg prune` drops it once a
 * complete archive is newer, and until then its chunks spare the next run
 * from sending the same data again. Only when that name is taken (it never
 * is after a finished create: borg deletes its checkpoints) does a number
 * follow, `.checkpoint.1`, as borg's own do.
 */
export async function markIncomplete(job: Job, runner: Runner, archive: string): Promise<string> {
  const taken = new Set(await listNames(job, runner));
  let name = `${archive}.checkpoint`;
  for (let n = 1; taken.has(name); n++) name = `${archive}.checkpoint.${n}`;
  await runBorg(job, runner, "rename", ["--", archiveLocation(runner, archive), name]);
  return name;
}

async function listNames(job: Job, runner: Runner): Promise<string[]> {
  const outcome = await runBorg(job, runner, "list", ["--consider-checkpoints", "--short", "--", repositoryLocation(runner)]);
  return outcome.stdout.split("\n").filter((line) => line !== "");
}
