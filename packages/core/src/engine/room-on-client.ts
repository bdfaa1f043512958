import type { ArchiveEntry } from "../contracts/archiver.js";
import type { Job } from "../contracts/job.js";
import type { Transport } from "../contracts/transport.js";
import { PullbakError } from "../errors.js";
import { formatBytes } from "../format-bytes.js";

/**
 * Below this share of the filesystem's size left free after the restore,
 * the restore goes ahead with a warning: the client's services may start
 * failing on a nearly full disk.
 */
export const FREE_SPACE_MARGIN = 0.05;

/** `67108864 bytes (67.1 MB)`: exact for scripts, readable for people. */
function bytes(count: number): string {
  return `${count} bytes (${formatBytes(count)})`;
}

/** The asked path an archive entry falls under (the whole archive is `/`). */
function askedPathOf(entryPath: string, asked: readonly string[]): string | undefined {
  const clientPath = `/${entryPath.replace(/^\/+/, "")}`;
  return asked.find((path) => path === "/" || clientPath === path || clientPath.startsWith(`${path}/`));
}

/**
 * What a restore writes, per asked path: the apparent size of the regular
 * files the archive holds there. Apparent, not allocated: tar-restore
 * writes sparse files in full (docs/restores.md), and borg's own `--sparse`
 * leaves holes only where whole chunks are zero.
 */
export function bytesToWrite(entries: readonly ArchiveEntry[], asked: readonly string[]): Map<string, number> {
  const totals = new Map(asked.map((path) => [path, 0]));
  for (const entry of entries) {
    if (!entry.mode.startsWith("-")) continue;
    const path = askedPathOf(entry.path, asked);
    if (path !== undefined) totals.set(path, (totals.get(path) ?? 0) + entry.size);
  }
  return totals;
}

/**
 * Refuses a restore that cannot fit (issue 15): the bytes it writes on each
 * client filesystem (see bytesToWrite) against that filesystem's free space
 * (`ClientView.freeSpace`, statvfs on the client over sftp with the backup
 * key), before anything is written. Within FREE_SPACE_MARGIN of full it
 * warns. Files the restore replaces free their space as it goes, so a
 * restore over data that is still there may fit where this says it does
 * not: `ignore` (`--ignore-free-space`) skips the check.
 *
 * @throws PullbakError CLIENT_SPACE (exit 2) naming the path, both sizes and the way out.
 */
export async function assertRoomOnClient(job: Job, transport: Transport, archive: string, entries: readonly ArchiveEntry[] | undefined, paths: readonly string[], ignore: boolean): Promise<void> {
  if (job.commands.dryRun) return;
  if (ignore) {
    job.log.warn(`host ${job.host.name}: not checking the client's free space before the restore (--ignore-free-space)`);
    return;
  }
  if (!entries) {
    job.log.warn(`host ${job.host.name}: cannot check the client's free space before restoring (the archiver cannot list the archive's files)`);
    return;
  }
  const asked = paths.length > 0 ? paths : ["/"];
  const view = await transport.open(job, { mount: "none", key: "backup" });
  if (!view.freeSpace) {
    job.log.warn(`host ${job.host.name}: cannot check the client's free space before restoring (the transport cannot tell)`);
    return;
  }
  const needs = bytesToWrite(entries, asked);
  const filesystems = new Map<string, { paths: string[]; measuredAt: string; need: number; available: number; size: number }>();
  const spaces = await view.freeSpace(asked);
  const unmeasured = asked.filter((path) => !spaces.some((space) => space.path === path));
  // An sftp-server without statvfs@openssh.com answers nothing: say so rather than pass in silence.
  if (unmeasured.length > 0) job.log.warn(`host ${job.host.name}: could not measure the client's free space at ${unmeasured.join(", ")} before restoring (its sftp server did not answer statvfs)`);
  for (const space of spaces) {
    const fs = filesystems.get(space.filesystem) ?? { paths: [], measuredAt: space.measuredAt, need: 0, available: space.availableBytes, size: space.sizeBytes };
    fs.paths.push(space.path);
    fs.need += needs.get(space.path) ?? 0;
    filesystems.set(space.filesystem, fs);
  }
  for (const fs of filesystems.values()) {
    const what = `the restore of ${fs.paths.join(", ")} from ${archive} would write ${bytes(fs.need)} on the client's filesystem at ${fs.measuredAt}, which has ${bytes(fs.available)} free`;
    if (fs.need > fs.available) {
      throw new PullbakError(
        "CLIENT_SPACE",
        `host ${job.host.name}: ${what}; nothing was restored (free space there, restore fewer paths, or pass --ignore-free-space when the files it replaces make room; see docs/restores.md)`,
      );
    }
    if (fs.available - fs.need < fs.size * FREE_SPACE_MARGIN) {
      job.log.warn(`host ${job.host.name}: ${what}: less than ${FREE_SPACE_MARGIN * 100}% of its ${bytes(fs.size)} will be left free`);
    } else {
      job.log.debug(`host ${job.host.name}: ${what}`);
    }
  }
}
