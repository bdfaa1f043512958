import { formatBytes, PullbakError, repositoryInfo, type RepositoryInfo } from "@pullbak/core";
import { printJson, printResult } from "../output.js";
import { parseCommandArgs } from "../parse-args.js";
import { loadAll, withHostSession, type GlobalOptions } from "../session.js";

function describe(name: string, info: RepositoryInfo): string {
  const archive = (a: RepositoryInfo["newest"]) => (a ? `${a.name} (${a.start})` : "none");
  return [
    `${name}: repository ${info.repository} (${info.encryption})`,
    `  on disk:       ${formatBytes(info.diskBytes)}`,
    `  original:      ${formatBytes(info.originalBytes)} (all archives, as read)`,
    `  deduplicated:  ${formatBytes(info.deduplicatedBytes)} (compressed and deduplicated)`,
    `  archives:      ${info.archiveCount}${info.checkpointCount ? ` (+${info.checkpointCount} checkpoint or incomplete)` : ""}`,
    `  newest:        ${archive(info.newest)}`,
    `  oldest:        ${archive(info.oldest)}`,
  ].join("\n");
}

/** `info HOST [--json]`: what the host's repository holds (issue 12). Sizes in bytes in --json. */
export async function infoCommand(args: string[], global: GlobalOptions): Promise<number> {
  const { values, positionals } = parseCommandArgs("info", args, { json: { type: "boolean" } });
  const [name, ...extra] = positionals;
  if (!name || extra.length > 0) throw new PullbakError("USAGE", "info: name exactly one HOST");
  const loaded = await loadAll(global);
  await withHostSession(loaded, name, global, async ({ job, container }) => {
    const info = await repositoryInfo(container, job);
    if (values.json) printJson(info);
    else printResult(describe(name, info));
  });
  return 0;
}
