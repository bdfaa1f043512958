import { lstat } from "node:fs/promises";
import { join } from "node:path";
import { type Job, PullbakError } from "@pullbak/core";
import { PULLBAK_DIR } from "./chroot-layout.js";

function describe(kind: { isDirectory(): boolean; isSymbolicLink(): boolean }): string {
  if (kind.isSymbolicLink()) return "a symbolic link";
  return kind.isDirectory() ? "a directory" : "a file";
}

/**
 * pullbak's mounts inside the chroot live under /.pullbak. A client that has
 * that path itself (by accident or planted) is refused: its entry would be
 * merged with or hidden by pullbak's, and neither is acceptable. lstat: a
 * planted symlink is looked at, never followed.
 */
export async function refuseClientPullbakDir(job: Job, root: string): Promise<void> {
  const path = join(root, PULLBAK_DIR);
  const found = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw new PullbakError("CLIENT_UNREACHABLE", `host ${job.host.name}: cannot look at /${PULLBAK_DIR} on the client: ${error.code ?? error.message}`);
  });
  if (found) {
    throw new PullbakError(
      "UNSAFE_CLIENT_PATH",
      `host ${job.host.name}: the client already has /${PULLBAK_DIR} (${describe(found)}); pullbak keeps its own mounts at that path inside the chroot and will not merge with, hide or follow the client's. Move it away on the client, or use isolation none for this host`,
    );
  }
}
