import { setTimeout as sleep } from "node:timers/promises";
import { execa } from "execa";
import { pathExists } from "./path-exists.js";
import type { SlotNetwork } from "./slot-network.js";

/** `ip netns add` names live here; the file is the namespace's bind mount. */
const NETNS_DIR = "/run/netns";

export async function netnsExists(netns: string): Promise<boolean> {
  return pathExists(`${NETNS_DIR}/${netns}`);
}

/** Whether a network interface exists in the server's root namespace. */
export async function linkExists(name: string): Promise<boolean> {
  return pathExists(`/sys/class/net/${name}`);
}

/**
 * Makes the host's namespace and wires it to the server with a veth pair:
 * the host end is created directly inside the namespace (as `eth0`), the
 * server end stays in the root namespace, each with an address on the slot's
 * /30, so the server reaches the host like any machine on its LAN.
 */
export async function createHostNetwork(net: SlotNetwork): Promise<void> {
  const cidr = (address: string) => `${address}/${net.prefixLength}`;
  await execa("ip", ["netns", "add", net.netns]);
  await execa("ip", ["link", "add", net.serverVeth, "type", "veth", "peer", "name", net.hostVeth, "netns", net.netns]);
  await execa("ip", ["address", "add", cidr(net.serverAddress), "dev", net.serverVeth]);
  await execa("ip", ["link", "set", net.serverVeth, "up"]);
  await execa("ip", ["-n", net.netns, "address", "add", cidr(net.hostAddress), "dev", net.hostVeth]);
  await execa("ip", ["-n", net.netns, "link", "set", net.hostVeth, "up"]);
  await execa("ip", ["-n", net.netns, "link", "set", "lo", "up"]);
}

/**
 * Deletes the veth and the namespace, whichever of them exists. The veth is
 * deleted explicitly because a deleted namespace frees its devices
 * asynchronously: the server end would linger for a moment after
 * `ip netns del` returns.
 */
export async function removeHostNetwork(net: SlotNetwork): Promise<string[]> {
  // Failures of the deletes themselves are not fatal: the thing may have gone
  // since the check (another sweep, or the namespace took its veth along).
  // What counts is checked at the end: both are gone.
  const removed: string[] = [];
  if (await linkExists(net.serverVeth)) {
    await execa("ip", ["link", "delete", net.serverVeth], { reject: false });
    removed.push(`veth ${net.serverVeth}`);
  }
  if (await netnsExists(net.netns)) {
    await execa("ip", ["netns", "delete", net.netns], { reject: false });
    removed.push(`netns ${net.netns}`);
  }
  for (let round = 0; (await linkExists(net.serverVeth)) || (await netnsExists(net.netns)); round++) {
    if (round === 100) throw new Error(`${net.serverVeth} or netns ${net.netns} still exists 2 s after deleting them`);
    await sleep(20);
  }
  return removed;
}
