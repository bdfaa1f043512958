import { isPullbakError, probeTunnel, tunnelCheckHint } from "@pullbak/core";
import { compareHostKey } from "../client-setup/host-key.js";
import { failed, passed, type CheckResult } from "./check-result.js";
import type { DoctorContext } from "./doctor-context.js";

const ID = "tunnel";
const TITLE = "tunnel";

/**
 * issue 14: for a host reached through a reverse tunnel, whether the tunnel
 * is up: something listens on 127.0.0.1:PORT, speaks SSH, and offers the
 * host key pinned under the host's name (so it is this host's tunnel, not
 * another's on the wrong port). Only run for tunnelled hosts.
 */
export async function checkTunnel(ctx: DoctorContext): Promise<CheckResult> {
  const { host } = ctx;
  const port = host.tunnel!.port;
  let banner: string | undefined;
  try {
    banner = await probeTunnel(host);
  } catch (error) {
    if (!isPullbakError(error, "TUNNEL_DOWN")) throw error;
    return failed(ID, TITLE, error.message, `${tunnelCheckHint(host)}; pullbak setup-client ${host.name} prints the unit and the tunnel account's authorized_keys line`);
  }
  const comparison = await compareHostKey(host);
  switch (comparison.status) {
    case "match":
      return passed(ID, TITLE, `up: 127.0.0.1:${port} answers as ${banner} with the key pinned for ${host.name} (${comparison.known.join(", ")})`);
    case "unknown":
      return failed(ID, TITLE, `up: 127.0.0.1:${port} answers as ${banner}, but no key is pinned for ${host.name} yet`, `run pullbak setup-client ${host.name} and compare the fingerprint it shows with the client's console`);
    case "mismatch":
      return failed(
        ID,
        TITLE,
        `127.0.0.1:${port} answers, but not with the key pinned for ${host.name}: it offers ${comparison.offered.join(", ")}, ${comparison.knownHostsFile} has ${comparison.known.join(", ")}`,
        `another client's tunnel may hold port ${port} (check each client's unit), or ${host.name} was reinstalled: check its key on its console before replacing the pin`,
      );
  }
}
