import type { Job, RepositoryInfo, Runner } from "@pullbak/core";
import { repositoryLocation } from "./borg-command.js";
import { parseBorgJson } from "./borg-errors.js";
import { listWithCheckpoints } from "./listed-archives.js";
import { repositoryBytes } from "./repository-bytes.js";
import { runBorg } from "./run-borg.js";

interface InfoJson {
  cache?: { stats?: { total_size?: number; unique_csize?: number } };
  encryption?: { mode?: string };
}

/** borg 1.2 hides from `borg list` every name with `.checkpoint` in it; so does this count. */
const isCheckpoint = (name: string) => name.includes(".checkpoint");

/**
 * `borg info --json` (sizes from borg's cache: total_size is what every
 * archive read, unique_csize what they take after deduplication and
 * compression), the archive list, and the repository's bytes on disk.
 */
export async function repositoryInfo(job: Job, runner: Runner): Promise<RepositoryInfo> {
  const outcome = await runBorg(job, runner, "info", ["--json", "--", repositoryLocation(runner)]);
  const info = parseBorgJson<InfoJson>(job, "info", outcome.stdout);
  const all = await listWithCheckpoints(job, runner);
  const complete = all.filter((a) => !isCheckpoint(a.name)).map((a) => ({ name: a.name, start: a.start }));
  return {
    repository: job.host.repository.path,
    diskBytes: await repositoryBytes(job.host.repository.path),
    originalBytes: info.cache?.stats?.total_size ?? 0,
    deduplicatedBytes: info.cache?.stats?.unique_csize ?? 0,
    archiveCount: complete.length,
    checkpointCount: all.length - complete.length,
    ...(complete[0] ? { oldest: complete[0] } : {}),
    ...(complete.at(-1) ? { newest: complete.at(-1)! } : {}),
    encryption: info.encryption?.mode ?? job.host.repository.encryption,
  };
}
