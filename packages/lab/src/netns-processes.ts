import { execa } from "execa";
import { killUntilGone } from "./kill-until-gone.js";
import { netnsExists } from "./netns.js";

/** PIDs of every process inside a network namespace (sshd and its sessions). */
export async function pidsInNetns(netns: string): Promise<number[]> {
  if (!(await netnsExists(netns))) return [];
  const { stdout } = await execa("ip", ["netns", "pids", netns]);
  return stdout
    .split("\n")
    .map((line) => Number(line.trim()))
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}

/**
 * Kills everything in the namespace. A lab host's private mount namespace
 * lives exactly as long as these processes, so once this returns its /usr,
 * /dev and /proc mounts are gone too.
 */
export async function killNetnsProcesses(netns: string): Promise<number[]> {
  return killUntilGone(() => pidsInNetns(netns), `processes in network namespace ${netns}`);
}
