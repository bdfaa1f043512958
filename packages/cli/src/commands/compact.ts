import { compact, formatBytes, PullbakError } from "@pullbak/core";
import { printResult } from "../output.js";
import { parseCommandArgs } from "../parse-args.js";
import { loadAll, withHostSession, type GlobalOptions } from "../session.js";

/** `compact HOST`: give back the disk space of deleted archives (issue 12). */
export async function compactCommand(args: string[], global: GlobalOptions): Promise<number> {
  const { positionals } = parseCommandArgs("compact", args, {});
  const [name, ...extra] = positionals;
  if (!name || extra.length > 0) throw new PullbakError("USAGE", "compact: name exactly one HOST");
  const loaded = await loadAll(global);
  await withHostSession(loaded, name, global, async ({ job, container }) => {
    const { bytesBefore, bytesAfter } = await compact(container, job);
    printResult(`${name}: compacted, ${formatBytes(bytesBefore)} -> ${formatBytes(bytesAfter)} on disk (${formatBytes(Math.max(0, bytesBefore - bytesAfter))} freed)`);
  });
  return 0;
}
