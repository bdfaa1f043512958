import { readdir } from "node:fs/promises";
import { execa } from "execa";
import { canonicalLabDir } from "./lab-dir.js";
import { journaledSlots, readJournal } from "./lab-journal.js";
import { LabError } from "./lab-error.js";
import { hasLabMarker } from "./lab-marker.js";
import { type LabPaths, labPaths } from "./lab-paths.js";
import { loadLabRecord } from "./lab-record.js";
import { unmountAllUnder } from "./mounts-under.js";
import { pathExists } from "./path-exists.js";
import { killProcessesRootedUnder } from "./rooted-processes.js";
import { assertRoot } from "./root-check.js";
import { settleAll } from "./settle-all.js";
import { slotOfNetns, slotOfServerVeth } from "./slot-network.js";
import { listSlots } from "./slots.js";
import { tearDownSlot } from "./slot-teardown.js";

/**
 * Removes every process, netns, veth, slot, mount and file the lab in `dir`
 * made, and the dir itself. Works without the journal or the record (after
 * a crash, or with the dir already deleted): slots point back at their lab
 * dir, and a sweep by name prefix finds namespaces and veths that lost their
 * slot. Slots of labs whose dir no longer exists are swept too. Running it
 * twice is harmless; the second run removes nothing.
 *
 * A dir that exists without the marker `labUp` writes first is refused
 * with LAB_NOT_A_LAB before anything is touched, whatever it contains
 * (issue #10: given /etc/pullbak or /var/lib/pullbak, it used to delete it
 * and kill every process rooted below it).
 */
export async function labDown(opts: { dir: string }): Promise<{ removed: string[] }> {
  assertRoot("labDown");
  const paths = labPaths(await canonicalLabDir(opts.dir));
  if ((await pathExists(paths.dir)) && !(await hasLabMarker(paths))) {
    throw new LabError("LAB_NOT_A_LAB", `${paths.dir} is not a lab dir (no ${paths.marker} written by lab up); lab down removes only what lab up made, and leaves this dir alone`);
  }
  const slots = await slotsToSweep(paths);
  const removed = (await settleAll(slots.map((slot) => tearDownSlot(slot, paths.dir)))).flat();

  removed.push(...(await killProcessesRootedUnder(paths.dir)).map((pid) => `process ${pid}`));
  removed.push(...(await unmountAllUnder(paths.dir)).map((point) => `mount ${point}`));
  removed.push(...(await removeLabFiles(paths)));
  return { removed };
}

/** Slots this lab may have used, and every lab slot that looks abandoned. */
async function slotsToSweep(paths: LabPaths): Promise<number[]> {
  const slots = new Set(journaledSlots(await readJournal(paths.journal)));
  for (const host of (await loadLabRecord(paths))?.hosts ?? []) {
    const slot = slotOfNetns(host.netns);
    if (slot !== undefined) slots.add(slot);
  }
  for (const claim of await listSlots()) slots.add(claim.slot);
  // The sweep by name prefix: namespaces and veths that lost their slot.
  for (const name of await readdir("/run/netns").catch(() => [])) {
    const slot = slotOfNetns(name);
    if (slot !== undefined) slots.add(slot);
  }
  for (const name of await readdir("/sys/class/net")) {
    const slot = slotOfServerVeth(name);
    if (slot !== undefined) slots.add(slot);
  }
  // tearDownSlot decides per slot whether it is ours or abandoned to take.
  return [...slots].sort((a, b) => a - b);
}

/**
 * Deletes the lab dir, which carries the marker (labDown checked).
 * `rm --one-file-system` does not descend into a mount that survived
 * unmounting.
 */
async function removeLabFiles(paths: LabPaths): Promise<string[]> {
  if (!(await pathExists(paths.dir))) return [];
  await execa("rm", ["-rf", "--one-file-system", "--", paths.dir]);
  return [`dir ${paths.dir}`];
}
