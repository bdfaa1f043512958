import { removeHostNetwork } from "./netns.js";
import { killNetnsProcesses } from "./netns-processes.js";
import { pathExists } from "./path-exists.js";
import { slotNetwork } from "./slot-network.js";
import { releaseSlot, slotOwner, tryClaimSlot } from "./slots.js";

/**
 * Undoes everything made for one slot: kills the processes in its netns,
 * deletes its veth and netns, then gives the slot back (last, so the names
 * stay reserved until they are gone). Acts only on a slot that belongs to
 * `dir`, that nobody holds (it claims it first, so two sweepers cannot both
 * act), or whose owner's lab dir no longer exists (a lab that died with its
 * dir). A live lab's slot is never touched. Returns what it removed.
 */
export async function tearDownSlot(slot: number, dir: string): Promise<string[]> {
  let owner = await slotOwner(slot);
  if (owner === undefined) {
    if (!(await tryClaimSlot(slot, dir))) return [];
    owner = dir;
  } else if (owner !== dir && (await pathExists(owner))) {
    return [];
  }
  const net = slotNetwork(slot);
  const removed = (await killNetnsProcesses(net.netns)).map((pid) => `process ${pid}`);
  removed.push(...(await removeHostNetwork(net)));
  if (await releaseSlot(slot, owner)) removed.push(`slot ${slot}`);
  return removed;
}
