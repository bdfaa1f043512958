import type { Runner } from "@pullbak/core";
import { NEED } from "./borg-needs.js";

/**
 * pullbak's changes to borg's own behaviour, made by libexec/python at
 * borg's start-up (sitecustomize.py installs only those named):
 * - `symlink-metadata`: `borg extract` leaves a symlink's owner and times
 *   alone (through sshfs they would land on the link's target);
 * - `files-cache-first`: `borg create` opens a file only when its files cache
 *   does not know it unchanged, gated to the borg versions it was checked
 *   against (issue 16; docs/performance.md);
 * - `special-files`: `borg create` leaves out a device node that reads 0,0
 *   (SFTP carries no device numbers) and names it, names a character device
 *   the chroot's overlay hides, and names an mtime borg clamps to 2038 (a
 *   client time before 1970 over SFTP), each as a borg warning (issue 15);
 * - `serve-channel`: the client's borg (isolation `chroot`) opens the serve
 *   channel's two FIFOs itself instead of starting BORG_RSH's relay (the
 *   client's sh and two cats), one process less each way for every chunk;
 *   gated to the borg versions it was checked against, the relay elsewhere
 *   (issue 10's performance gate). With the channel it also reads 64 KiB at a
 *   time instead of borg's 10 MiB and puts chunks without borg's per-call
 *   signature binding. A no-op where no channel is named;
 * - `background-selftest`: `borg create` runs borg's self-test (about 0.3 s
 *   of CPU) in a child process beside the backup instead of before it, and
 *   commits nothing, archive or checkpoint, before it passed; gated to the
 *   borg versions it was checked against.
 */
export type BorgPatch = "symlink-metadata" | "files-cache-first" | "special-files" | "serve-channel" | "background-selftest";

/**
 * The environment that makes borg load PATCHES: PYTHONPATH at the plugin's
 * python directory as the runner shows it (the `borg-python` need, bound
 * read-only wherever borg runs), and PULLBAK_BORG_PATCHES naming them.
 * Empty when PATCHES is: borg then runs exactly as installed.
 */
export function borgPatchEnvironment(runner: Runner, patches: readonly BorgPatch[]): Record<string, string> {
  if (patches.length === 0) return {};
  return { PYTHONPATH: runner.pathOf(NEED.python), PULLBAK_BORG_PATCHES: patches.join(",") };
}
