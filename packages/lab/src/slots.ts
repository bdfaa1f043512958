import { mkdir, readdir, readlink, symlink, unlink } from "node:fs/promises";
import { join } from "node:path";
import { hasErrnoCode } from "./errno.js";
import { SLOT_COUNT } from "./slot-network.js";

/**
 * Slots are shared by every lab on the machine (vitest runs test files in
 * parallel processes), so a claim must be atomic across processes. A claim is
 * a symlink `SLOTS_DIR/N -> <lab dir>`: symlink(2) either creates it or fails
 * with EEXIST, and the link itself records the owner, so there is no moment
 * where a slot is taken but its owner unknown.
 */
export const SLOTS_DIR = "/run/pullbak-lab/slots";

export interface SlotClaim {
  slot: number;
  /** The lab dir that claimed it. */
  owner: string;
}

/** Claims the lowest free slot for the lab dir `owner`. */
export async function claimSlot(owner: string): Promise<number | undefined> {
  await mkdir(SLOTS_DIR, { recursive: true, mode: 0o755 });
  const taken = new Set((await listSlots()).map((claim) => claim.slot));
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    if (taken.has(slot)) continue;
    if (await tryClaimSlot(slot, owner)) return slot;
  }
  return undefined;
}

/** Claims one given slot; false when someone else holds it. */
export async function tryClaimSlot(slot: number, owner: string): Promise<boolean> {
  await mkdir(SLOTS_DIR, { recursive: true, mode: 0o755 });
  try {
    await symlink(owner, join(SLOTS_DIR, String(slot)));
    return true;
  } catch (error) {
    if (hasErrnoCode(error, "EEXIST")) return false;
    throw error;
  }
}

/** Gives a slot back, but only if `owner` still holds it. */
export async function releaseSlot(slot: number, owner: string): Promise<boolean> {
  if ((await slotOwner(slot)) !== owner) return false;
  try {
    await unlink(join(SLOTS_DIR, String(slot)));
    return true;
  } catch (error) {
    if (hasErrnoCode(error, "ENOENT")) return false;
    throw error;
  }
}

export async function slotOwner(slot: number): Promise<string | undefined> {
  try {
    return await readlink(join(SLOTS_DIR, String(slot)));
  } catch (error) {
    if (hasErrnoCode(error, "ENOENT")) return undefined;
    throw error;
  }
}

export async function listSlots(): Promise<SlotClaim[]> {
  let names: string[];
  try {
    names = await readdir(SLOTS_DIR);
  } catch (error) {
    if (hasErrnoCode(error, "ENOENT")) return [];
    throw error;
  }
  const claims: SlotClaim[] = [];
  for (const name of names) {
    if (!/^(0|[1-9][0-9]*)$/.test(name)) continue;
    const owner = await slotOwner(Number(name));
    if (owner !== undefined) claims.push({ slot: Number(name), owner });
  }
  return claims;
}

