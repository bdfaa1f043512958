import type { ArchiveSummary, Job, Runner } from "@pullbak/core";
import { repositoryLocation } from "./borg-command.js";
import { parseBorgJson } from "./borg-errors.js";
import { isoUtc } from "./iso-utc.js";
import { runBorg } from "./run-borg.js";

interface ListJson {
  archives?: Array<{ name: string; start: string }>;
}

/** The repository's archives, oldest first; checkpoint archives are not listed (borg hides them). */
export async function listArchives(job: Job, runner: Runner): Promise<ArchiveSummary[]> {
  const outcome = await runBorg(job, runner, "list", ["--json", "--sort-by=timestamp", "--", repositoryLocation(runner)]);
  if (outcome.stdout.trim() === "") return []; // --dry-run
  const archives = parseBorgJson<ListJson>(job, "list", outcome.stdout).archives ?? [];
  return archives.map((archive) => ({ name: archive.name, start: isoUtc(archive.start) }));
}
