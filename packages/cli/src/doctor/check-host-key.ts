import { isPullbakError } from "@pullbak/core";
import { compareHostKey } from "../client-setup/host-key.js";
import { failed, passed, type CheckResult } from "./check-result.js";
import type { DoctorContext } from "./doctor-context.js";

const ID = "host-key";
const TITLE = "host key";

/**
 * The client's host key is recorded in pullbak's known_hosts and is the one
 * the host offers now. Every other network check depends on this: ssh
 * refuses an unknown or changed key (host key checking is never turned off).
 */
export async function checkHostKey(ctx: DoctorContext): Promise<CheckResult> {
  const { host } = ctx;
  let comparison;
  try {
    comparison = await compareHostKey(host);
  } catch (error) {
    if (!isPullbakError(error, "CLIENT_UNREACHABLE")) throw error;
    const fix = host.tunnel ? `the tunnel is down (see the tunnel check above)` : `check that ${host.address} port ${host.ssh.port} is reachable from this server and its sshd runs`;
    return failed(ID, TITLE, error.message, fix);
  }
  const { name, knownHostsFile, known, offered } = comparison;
  switch (comparison.status) {
    case "match":
      return passed(ID, TITLE, `${name} is recorded in ${knownHostsFile} and offers that key (${known.join(", ")})`);
    case "unknown":
      return failed(
        ID,
        TITLE,
        `${name} is not recorded in ${knownHostsFile}; it offers ${offered.join(", ")}`,
        `run pullbak setup-client ${host.name} and compare the fingerprint it shows with ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on the client`,
      );
    case "mismatch":
      return failed(
        ID,
        TITLE,
        `the host key of ${name} changed: ${knownHostsFile} has ${known.join(", ")}, the host offers ${offered.join(", ")}`,
        `someone may be intercepting the connection; if the client was reinstalled, check the new key on its console (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then ssh-keygen -R '${name}' -f ${knownHostsFile} and pullbak setup-client ${host.name}`,
      );
  }
}
