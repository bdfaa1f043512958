import { chmod, chown, lstat, mkdir, rm, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Job } from "@pullbak/core";
import { type ChrootLayout, PULLBAK_DIR } from "./chroot-layout.js";
import type { PreparedNeed } from "./needs.js";

/** Directories overlaid on the client's: pullbak mounts its own things there, hiding the client's. */
export const MOUNTED_DIRS = ["dev", "proc", "sys"] as const;

/** Everything a run wrote into the overlay goes; the directories themselves stay for the next run. */
export async function clearOverlay(job: Job, layout: ChrootLayout): Promise<void> {
  job.commands.note(`rm -rf ${layout.upper} ${layout.work}`);
  if (job.commands.dryRun) return;
  // fs.rm removes symlinks (a copied-up client link) without following them.
  await rm(layout.upper, { recursive: true, force: true });
  await rm(layout.work, { recursive: true, force: true });
}

/**
 * Makes every mount target in the upper layer, on the server, before the
 * overlay exists: the client cannot have put anything there, so no target
 * can be a symlink into the server's tree. The upper root takes the
 * client root's owner, mode and times, so the archived `/` looks like the
 * client's.
 */
export async function prepareUpper(job: Job, layout: ChrootLayout, needs: readonly PreparedNeed[], clientRoot: string): Promise<void> {
  const pullbak = join(layout.upper, PULLBAK_DIR);
  const targets = [...needs.map((n) => `${n.name} (${n.kind})`), "tmp"].join(", ");
  job.commands.note(`prepare overlay upper layer ${layout.upper}: ${PULLBAK_DIR}/{${targets}}, ${MOUNTED_DIRS.join(", ")}`);
  if (job.commands.dryRun) return;
  await mkdir(layout.base, { recursive: true, mode: 0o700 });
  await chmod(layout.base, 0o700);
  for (const dir of [layout.upper, layout.work, layout.merged]) await mkdir(dir, { recursive: true, mode: 0o700 });
  await mkdir(pullbak, { mode: 0o700 });
  await mkdir(join(pullbak, "tmp"), { mode: 0o700 });
  for (const need of needs) {
    const target = join(pullbak, need.name);
    if (need.kind === "dir") await mkdir(target, { mode: 0o700 });
    else await writeFile(target, "", { mode: 0o600, flag: "wx" });
  }
  for (const dir of MOUNTED_DIRS) await mkdir(join(layout.upper, dir), { mode: 0o755 });
  const root = await lstat(clientRoot);
  await chown(layout.upper, root.uid, root.gid);
  await chmod(layout.upper, root.mode & 0o7777);
  await utimes(layout.upper, root.atime, root.mtime);
}
