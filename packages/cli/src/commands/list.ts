import { ARCHIVER, escapeControl, list, pathToBytes, PullbakError, resolveArchive, serverRunner, type ArchiveEntry } from "@pullbak/core";
import { printJson, printResult } from "../output.js";
import { parseCommandArgs } from "../parse-args.js";
import { loadAll, withHostSession, type GlobalOptions } from "../session.js";

/** One line per entry, whatever its name holds: each field escaped on its own, so a newline in a name is `\x0a` (issue 15). */
function formatEntry(e: ArchiveEntry): string {
  const link = e.linkTarget ? ` -> ${escapeControl(e.linkTarget)}` : "";
  return `${e.mode} ${escapeControl(e.user).padEnd(10)} ${escapeControl(e.group).padEnd(10)} ${String(e.size).padStart(10)} ${e.mtime.slice(0, 19)} ${escapeControl(e.path)}${link}`;
}

/**
 * An entry for `list --json`: `path` is for display (a byte that is not
 * UTF-8 shows as U+FFFD, as JSON must), `pathBytes` is the name exactly,
 * base64 of the client's bytes (issue 15), e.g. for
 * `restore --paths-from FILE --null`.
 */
function jsonEntry(e: ArchiveEntry): ArchiveEntry & { pathBytes: string } {
  const bytes = pathToBytes(e.path);
  return { ...e, path: bytes.toString("utf8"), pathBytes: bytes.toString("base64") };
}

/** `list HOST`: the host's archives, oldest first; with --archive, that archive's files. */
export async function listCommand(args: string[], global: GlobalOptions): Promise<number> {
  const { values, positionals } = parseCommandArgs("list", args, { json: { type: "boolean" }, archive: { type: "string" } });
  const [name, ...paths] = positionals;
  if (!name) throw new PullbakError("USAGE", "list: name a HOST");
  const loaded = await loadAll(global);
  await withHostSession(loaded, name, global, async ({ job, container }) => {
    if (values.archive) {
      const archive = await resolveArchive(container, job, values.archive);
      const archiver = container.resolve(ARCHIVER);
      if (!archiver.listFiles) throw new PullbakError("NOT_IMPLEMENTED", `list --archive: the ${job.host.plugins.archiver} archiver cannot list files`);
      const entries = await archiver.listFiles(job, serverRunner(archiver.needs(job)), { archive, paths });
      if (values.json) printJson(entries.map(jsonEntry));
      else printResult(entries.map(formatEntry).join("\n"));
      return;
    }
    const archives = await list(container, job);
    if (values.json) printJson(archives);
    else printResult(archives.map((a) => `${a.name}  ${a.start}`).join("\n") || `${name}: no archives yet`);
  });
  return 0;
}
