import { setTimeout as sleep } from "node:timers/promises";
import { LabError } from "./lab-error.js";
import { labPaths } from "./lab-paths.js";
import { saveLabRecord } from "./lab-record.js";
import type { Lab, LabHost } from "./lab-types.js";
import { netnsExists } from "./netns.js";
import { haltSshd, isHostSshd, launchSshd } from "./sshd.js";

/**
 * Makes a lab host vanish for fault tests: SIGKILLs its sshd and every
 * session (open sftp and sshfs connections drop at once), which also ends its
 * private mount namespace. Its netns, address and files stay, so
 * `startSshd` brings it back as the same machine.
 */
export async function stopSshd(host: LabHost): Promise<void> {
  await haltSshd(host);
  host.sshdPid = 0;
}

/**
 * A listening socket of an sshd killed a moment ago can outlive the process
 * by a few milliseconds; a restart in that window fails with "Address
 * already in use", so it is tried again briefly.
 */
async function launchAfterKill(host: LabHost): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await launchSshd(host);
    } catch (error) {
      if (attempt >= 5 || !String((error as Error).message).includes("Address already in use")) throw error;
      await sleep(200 * attempt);
    }
  }
}

/** Starts a stopped lab host's sshd again (a no-op if it runs) and records its new PID. */
export async function startSshd(lab: Lab, host: LabHost): Promise<void> {
  if (await isHostSshd(host.sshdPid, host.netns)) return;
  if (!(await netnsExists(host.netns))) {
    throw new LabError("LAB_NOT_UP", `lab host ${host.name} has no network namespace ${host.netns}; bring the lab up again`);
  }
  host.sshdPid = await launchAfterKill(host);
  const recorded = lab.hosts.find((candidate) => candidate.name === host.name);
  if (recorded) recorded.sshdPid = host.sshdPid;
  await saveLabRecord(labPaths(lab.dir), lab);
}
