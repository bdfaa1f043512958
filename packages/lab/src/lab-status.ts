import { canonicalLabDir } from "./lab-dir.js";
import { labPaths } from "./lab-paths.js";
import { loadLabRecord } from "./lab-record.js";
import type { LabHostStatus } from "./lab-types.js";
import { isHostSshd } from "./sshd.js";

/**
 * The hosts of the lab in `dir` and whether each is up: its recorded sshd
 * is alive inside its namespace. An empty list means no finished lab is in
 * `dir` (never brought up, taken down, or an interrupted `labUp`).
 */
export async function labStatus(opts: { dir: string }): Promise<LabHostStatus[]> {
  const lab = await loadLabRecord(labPaths(await canonicalLabDir(opts.dir)));
  if (!lab) return [];
  return Promise.all(lab.hosts.map(async (host) => ({ ...host, up: await isHostSshd(host.sshdPid, host.netns) })));
}
