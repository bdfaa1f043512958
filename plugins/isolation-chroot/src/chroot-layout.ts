import { join } from "node:path";
import { assertSafePath } from "./safe-path.js";

/** pullbak's own path inside the chroot; what it mounts lives below it. */
export const PULLBAK_DIR = ".pullbak";
/** TMPDIR inside the chroot: on the server (upper layer), and never archived. */
export const CHROOT_TMP = `/${PULLBAK_DIR}/tmp`;

/** Server-side directories of one host's overlay. */
export interface ChrootLayout {
  base: string;
  /** Where every write made inside the chroot lands; emptied before and after each run. */
  upper: string;
  /** overlayfs's scratch directory (same filesystem as upper). */
  work: string;
  /** The mount point of the overlay, used only inside the private mount namespace. */
  merged: string;
}

export function chrootLayout(hostStateDir: string): ChrootLayout {
  const base = assertSafePath(join(hostStateDir, "overlay"), "stateDir");
  return { base, upper: join(base, "upper"), work: join(base, "work"), merged: join(base, "merged") };
}
