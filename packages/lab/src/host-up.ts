import { LabError } from "./lab-error.js";
import { journal } from "./lab-journal.js";
import type { LabPaths } from "./lab-paths.js";
import type { LabHost } from "./lab-types.js";
import { createHostNetwork } from "./netns.js";
import { buildRootTree } from "./root-tree.js";
import { writeSeed } from "./seed-writer.js";
import { slotNetwork } from "./slot-network.js";
import { settleAll } from "./settle-all.js";
import { claimSlot } from "./slots.js";
import { launchSshd } from "./sshd.js";

/** Lab hosts are named lab1, lab2...; their hostnames sit in a reserved test domain. */
export const LAB_DOMAIN = "pullbak.test";
export const SSH_PORT = 22;

export function labHostName(index: number): string {
  return `lab${index + 1}`;
}

/**
 * Brings up one lab host: claims a slot, makes its network and root tree
 * (side by side: they do not depend on each other), then starts its sshd.
 * Each step is journaled before it is taken. Returns the host and its
 * public host key.
 */
export async function hostUp(paths: LabPaths, index: number, authorizedKeys: string): Promise<{ host: LabHost; hostKey: string }> {
  const name = labHostName(index);
  const slot = await claimSlot(paths.dir);
  if (slot === undefined) throw new LabError("LAB_NO_FREE_SLOT", `no free lab slot for ${name}: all of 10.213.0.0/16 is in use`);
  await journal(paths.journal, { made: "slot", slot, host: name });

  const net = slotNetwork(slot);
  const host: LabHost = {
    name,
    hostname: `${name}.${LAB_DOMAIN}`,
    address: net.hostAddress,
    port: SSH_PORT,
    netns: net.netns,
    rootDir: paths.hostRoot(name),
    sshdPid: 0,
  };

  await journal(paths.journal, { made: "network", slot, host: name });
  await journal(paths.journal, { made: "root-tree", slot, host: name, path: host.rootDir });
  const [, hostKey] = await settleAll<[void, string]>([
    createHostNetwork(net),
    buildRootTree(host.rootDir, host, authorizedKeys).then(async (key) => {
      await writeSeed(host.rootDir);
      return key;
    }),
  ]);

  await journal(paths.journal, { made: "sshd", slot, host: name });
  host.sshdPid = await launchSshd(host);
  return { host, hostKey };
}
