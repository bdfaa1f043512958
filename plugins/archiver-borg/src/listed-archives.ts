import type { Job, Runner } from "@pullbak/core";
import { repositoryLocation } from "./borg-command.js";
import { parseBorgJson } from "./borg-errors.js";
import { isoUtc } from "./iso-utc.js";
import type { ListedArchive } from "./prune-decisions.js";
import { runBorg } from "./run-borg.js";

/** Every archive of the repository, checkpoints included, with borg's id, oldest first. */
export async function listWithCheckpoints(job: Job, runner: Runner): Promise<ListedArchive[]> {
  const outcome = await runBorg(job, runner, "list", ["--json", "--consider-checkpoints", "--sort-by=timestamp", "--", repositoryLocation(runner)]);
  if (outcome.stdout.trim() === "") return []; // --dry-run
  const archives = parseBorgJson<{ archives?: Array<{ name: string; id: string; start: string }> }>(job, "list", outcome.stdout).archives ?? [];
  return archives.map((a) => ({ name: a.name, id: a.id, start: isoUtc(a.start) }));
}
