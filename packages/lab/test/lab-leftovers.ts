import { readFile, readdir, readlink } from "node:fs/promises";
import { execa } from "execa";
import type { LabHost } from "../src/index.js";
import { slotNetwork, slotOfNetns } from "../src/slot-network.js";
import { SLOTS_DIR } from "../src/slots.js";

/**
 * Everything of a lab that could outlive `labDown`, looked for the way a
 * person would: `ip netns list`, `ip link`, /proc, /proc/mounts, the slot
 * dir and the lab dir. All lists empty means nothing is left.
 */
export async function leftoversOf(dir: string, hosts: readonly LabHost[]): Promise<Record<string, string[]>> {
  const netnsList = (await execa("ip", ["netns", "list"])).stdout.split("\n").map((line) => line.split(" ")[0]);
  const links = (await execa("ip", ["-o", "link", "show"])).stdout;
  const mounts = (await readFile("/proc/mounts", "utf8")).split("\n");
  const veths = hosts.map((host) => slotNetwork(slotOfNetns(host.netns)!).serverVeth);

  const slots: string[] = [];
  for (const name of await readdir(SLOTS_DIR).catch(() => [] as string[])) {
    if ((await readlink(`${SLOTS_DIR}/${name}`).catch(() => undefined)) === dir) slots.push(name);
  }

  const processes: string[] = [];
  for (const host of hosts) {
    const stat = await readFile(`/proc/${host.sshdPid}/stat`, "utf8").catch(() => "");
    // A zombie has exited and holds nothing; it only waits for init to reap it.
    if (stat && !/^\d+ \(.*\) Z /.test(stat)) processes.push(`sshd ${host.sshdPid} still alive`);
  }
  for (const name of await readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const root = await readlink(`/proc/${name}/root`).catch(() => undefined);
    if (root === dir || root?.startsWith(`${dir}/`)) processes.push(`process ${name} chrooted in the lab`);
  }

  return {
    netns: hosts.map((host) => host.netns).filter((netns) => netnsList.includes(netns)),
    veths: veths.filter((veth) => new RegExp(`^\\d+: ${veth}[@:]`, "m").test(links)),
    processes,
    mounts: mounts.filter((line) => line.includes(dir) || hosts.some((host) => line.includes(`/run/netns/${host.netns} `))),
    slots,
    files: await readdir(dir).catch(() => []),
  };
}

export const NOTHING_LEFT = { netns: [], veths: [], processes: [], mounts: [], slots: [], files: [] };
