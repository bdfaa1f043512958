import { execa, type Result } from "execa";
import type { Lab, LabHost } from "../src/index.js";

type KeyName = keyof Lab["keys"];

/**
 * ssh options a careful backup server uses: the lab's known_hosts with
 * strict checking, no prompts, one identity, and no user ssh config that
 * could change any of that.
 */
export function sshOptions(lab: Lab, key?: KeyName): string[] {
  const options = [
    "-F", "none",
    "-o", "BatchMode=yes",
    "-o", `UserKnownHostsFile=${lab.knownHostsFile}`,
    "-o", "StrictHostKeyChecking=yes",
    "-o", "ConnectTimeout=5",
  ];
  if (key) options.push("-o", "IdentitiesOnly=yes", "-i", lab.keys[key]);
  return options;
}

export function target(host: LabHost): string {
  return `root@${host.address}`;
}

/** `ssh root@host COMMAND...` with one lab key; never rejects, the result says what happened. */
export async function sshRun(lab: Lab, host: LabHost, key: KeyName, command: string[], input: string | Uint8Array = ""): Promise<Result> {
  return execa("ssh", [...sshOptions(lab, key), "-p", String(host.port), target(host), ...command], {
    input,
    reject: false,
    timeout: 30_000,
  });
}

/** Runs sftp batch commands (`-b -`): sftp stops and fails at the first command that fails. */
export async function sftpBatch(lab: Lab, host: LabHost, key: KeyName, commands: string[]): Promise<Result> {
  return execa("sftp", [...sshOptions(lab, key), "-P", String(host.port), "-b", "-", target(host)], {
    input: `${commands.join("\n")}\n`,
    reject: false,
    timeout: 30_000,
  });
}
