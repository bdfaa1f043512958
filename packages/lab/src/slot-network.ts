/**
 * Everything network-facing about a lab host follows from its slot number, so
 * that `labDown` can find what a crashed `labUp` made from the slot alone.
 *
 * Slot N owns the /30 at 10.213.0.0 + 4N: the server end of the veth gets
 * the first usable address, the host the second. 10.213.0.0/16 holds 16384
 * such subnets.
 */
export const SLOT_COUNT = 16384;
export const NETNS_PREFIX = "pullbak-lab-";
const SERVER_VETH_PREFIX = "pbl";
const SERVER_VETH_SUFFIX = "srv";

export interface SlotNetwork {
  slot: number;
  /** Network namespace name. */
  netns: string;
  /** The veth end left in the server's root namespace (<= 15 chars). */
  serverVeth: string;
  /** The veth end inside the namespace: a host's first NIC is eth0 there. */
  hostVeth: string;
  serverAddress: string;
  hostAddress: string;
  prefixLength: number;
}

export function slotNetwork(slot: number): SlotNetwork {
  if (!Number.isInteger(slot) || slot < 0 || slot >= SLOT_COUNT) {
    throw new RangeError(`lab slot must be an integer in [0, ${SLOT_COUNT}), got ${slot}`);
  }
  const base = slot * 4;
  const third = Math.floor(base / 256);
  const fourth = base % 256;
  return {
    slot,
    netns: `${NETNS_PREFIX}${slot}`,
    serverVeth: `${SERVER_VETH_PREFIX}${slot}${SERVER_VETH_SUFFIX}`,
    hostVeth: "eth0",
    serverAddress: `10.213.${third}.${fourth + 1}`,
    hostAddress: `10.213.${third}.${fourth + 2}`,
    prefixLength: 30,
  };
}

/** The slot a lab netns name belongs to, or undefined for foreign names. */
export function slotOfNetns(name: string): number | undefined {
  if (!name.startsWith(NETNS_PREFIX)) return undefined;
  const digits = name.slice(NETNS_PREFIX.length);
  if (!/^(0|[1-9][0-9]*)$/.test(digits)) return undefined;
  const slot = Number(digits);
  return slot < SLOT_COUNT ? slot : undefined;
}

/** The slot a server-side lab veth name belongs to, or undefined for foreign names. */
export function slotOfServerVeth(name: string): number | undefined {
  const match = new RegExp(`^${SERVER_VETH_PREFIX}(0|[1-9][0-9]*)${SERVER_VETH_SUFFIX}$`).exec(name);
  const slot = match ? Number(match[1]) : undefined;
  return slot !== undefined && slot < SLOT_COUNT ? slot : undefined;
}
