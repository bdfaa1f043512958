import type { ArchiveEntry, Archiver } from "../contracts/archiver.js";
import type { Job } from "../contracts/job.js";
import type { Transport } from "../contracts/transport.js";
import { PullbakError } from "../errors.js";
import { pathList } from "../text/escape-control.js";
import { serverRunner } from "./server-runner.js";

/** `/a/b/c` -> `/a`, `/a/b`: the directories a write to the path goes through. */
function ancestors(clientPath: string): string[] {
  const parts = clientPath.split("/").filter(Boolean);
  return parts.slice(0, -1).map((_, index) => `/${parts.slice(0, index + 1).join("/")}`);
}

/**
 * The client paths a restore writes through or replaces as directories: every
 * directory the archive holds at or under the asked paths (the whole archive
 * when none), and every directory above them. Shallowest first.
 */
async function directoriesOnTheWay(job: Job, archiver: Archiver, archive: string, paths: readonly string[], listed?: readonly ArchiveEntry[]): Promise<string[] | undefined> {
  if (!listed && !archiver.listFiles) return undefined;
  const entries = listed ?? (await archiver.listFiles!(job, serverRunner(archiver.needs(job)), { archive, paths }));
  const dirs = new Set<string>();
  for (const entry of entries) {
    const clientPath = `/${entry.path.replace(/^\/+/, "")}`;
    for (const above of ancestors(clientPath)) dirs.add(above);
    if (entry.mode.startsWith("d")) dirs.add(clientPath);
  }
  const depth = (path: string) => path.split("/").length;
  return [...dirs].sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Refuses a restore that would go through, or replace, a symbolic link the
 * client has where the archive has a directory (issue 15). Both happen in
 * silence otherwise, with every method:
 * - `/srv/app -> /data/app` (an admin moved data to another disk): borg and
 *   tar replace the link by an empty directory and restore into it, leaving
 *   the live data behind the link as it was;
 * - `/home/alice/deep -> /etc` (planted by a client user): a restore of
 *   `/home/alice/deep/x` writes `x` into the client's /etc as root.
 * Looked at on the client with the backup key (`ClientView.symlinksAmong`),
 * before the restorer opens anything. It narrows, but cannot close, the race
 * with a client that plants a link while the restore runs: see
 * docs/security.md. `allowClientLinks` (`--allow-client-links`) skips it.
 *
 * `entries`, when given, is the archive's listing under `paths` (read once
 * for this check and the free-space check).
 *
 * @throws PullbakError UNSAFE_CLIENT_PATH (exit 2) naming the shallowest links.
 */
export async function assertNoLinksOnTheWay(job: Job, archiver: Archiver, transport: Transport, archive: string, paths: readonly string[], entries?: readonly ArchiveEntry[]): Promise<void> {
  if (job.commands.dryRun) return;
  const dirs = await directoriesOnTheWay(job, archiver, archive, paths, entries);
  const view = dirs && dirs.length > 0 ? await transport.open(job, { mount: "none", key: "backup" }) : undefined;
  if (!dirs || (view && !view.symlinksAmong)) {
    job.log.warn(`host ${job.host.name}: cannot look for links on the client before restoring (the ${dirs ? "transport" : "archiver"} cannot tell); a directory replaced by a link will be replaced or written through`);
    return;
  }
  if (!view?.symlinksAmong) return;
  const links = await view.symlinksAmong(dirs);
  // A path below a link was looked at through it: only the shallowest links mean anything.
  const shallowest = links.filter((link) => !links.some((other) => link.startsWith(`${other}/`)));
  if (shallowest.length === 0) return;
  const which = shallowest.length === 1 ? `${pathList(shallowest)} is a symbolic link` : `${pathList(shallowest)} are symbolic links`;
  throw new PullbakError(
    "UNSAFE_CLIENT_PATH",
    `host ${job.host.name}: ${which} on the client where archive ${archive} has a directory: the restore would replace it or write through it; nothing was restored (restore to the link's target by hand, remove the link, or pass --allow-client-links; see docs/restores.md)`,
  );
}
