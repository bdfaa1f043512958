import { isPullbakError, keyFileFor, probeTunnel, PullbakError, resolveHost, resolveSelection, selectPlugins, type ResolvedHost } from "@pullbak/core";
import { authorizedKeyLine, clientSshdConfig } from "../client-setup/authorized-key-line.js";
import { recordHostKey } from "../client-setup/host-key.js";
import { keyPurposes } from "../client-setup/key-purposes.js";
import { ensureKeyPair } from "../client-setup/key-pair.js";
import { readTunnelPublicKey, tunnelInstructions } from "../client-setup/tunnel-setup.js";
import { printResult } from "../output.js";
import { parseCommandArgs } from "../parse-args.js";
import { loadAll, type GlobalOptions } from "../session.js";

/**
 * `setup-client HOST`: creates missing keys, records the client's host key and
 * prints what the client's admin installs. With --authorized-keys it prints
 * only the authorized_keys lines, so it can be piped into the file. For a
 * tunnelled host (issue 14) it also prints the tunnel account's
 * authorized_keys line, its sshd_config block and the client's systemd unit;
 * while the tunnel is down the host key cannot be recorded, which it says,
 * exiting 1.
 */
export async function setupClientCommand(args: string[], global: GlobalOptions): Promise<number> {
  const { values, positionals } = parseCommandArgs("setup-client", args, { "authorized-keys": { type: "boolean" }, "tunnel-key": { type: "string" } });
  const [name] = positionals;
  if (!name) throw new PullbakError("USAGE", "setup-client: name a HOST");
  const loaded = await loadAll(global);
  const host = resolveHost(loaded.config, name, loaded.file);
  if (values["tunnel-key"] !== undefined && !host.tunnel) throw new PullbakError("USAGE", `setup-client: --tunnel-key is for a host with tunnel: in its config; ${name} has none`);
  const tunnelKey = values["tunnel-key"] === undefined ? undefined : await readTunnelPublicKey(values["tunnel-key"]);
  // The host key first: a changed key must stop setup before anything is created.
  const hostKey = values["authorized-keys"] ? undefined : await hostKeyThroughTunnel(host);
  const resolved = resolveSelection(loaded.registry, host, selectPlugins(host, [], loaded.registry));
  const transport = resolved.transport.create(resolved.options.get(resolved.transport));
  const lines: string[] = [];
  const notes: string[] = [];
  for (const { purpose, forcedCommand, usedBy } of keyPurposes(loaded.registry, transport.keys?.(host))) {
    const file = keyFileFor(host, purpose);
    const { publicKey, created } = await ensureKeyPair(file, `pullbak-${purpose}`);
    notes.push(`${created ? "created" : "using"} ${purpose} key ${file} (for ${usedBy.join(", ")})`);
    lines.push(authorizedKeyLine(forcedCommand, publicKey));
  }
  if (!hostKey) {
    printResult(lines.join("\n"));
    return 0;
  }
  const keyLines =
    "tunnelDown" in hostKey
      ? [`not recorded the host key of ${name} yet: ${hostKey.tunnelDown}`, `  once the tunnel is up, run pullbak setup-client ${name} again to record it`]
      : [
          `${hostKey.recorded ? "recorded" : "already recorded"} the host key of ${name} in ${host.ssh.knownHostsFile}${host.tunnel ? ` under the name ${name}` : ""}: ${hostKey.fingerprints.join(", ")}`,
          `  compare with what the client shows: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub`,
        ];
  printResult(
    [
      ...notes,
      ...keyLines,
      "",
      ...(host.tunnel ? [...tunnelInstructions(host, tunnelKey), ""] : []),
      `On ${name}, put these lines in /root/.ssh/authorized_keys (pullbak setup-client ${name} --authorized-keys prints them alone):`,
      ...lines.map((l) => `  ${l}`),
      "",
      `and make sure /etc/ssh/sshd_config says:`,
      ...clientSshdConfig.map((l) => `  ${l}`),
      "",
      `then: pullbak doctor ${name}`,
    ].join("\n"),
  );
  return "tunnelDown" in hostKey ? 1 : 0;
}

/**
 * Records the host key; for a tunnelled host only when its tunnel is up
 * (the key is asked for through it), else says why it was not (issue 14).
 */
async function hostKeyThroughTunnel(host: ResolvedHost): Promise<Awaited<ReturnType<typeof recordHostKey>> | { tunnelDown: string }> {
  try {
    await probeTunnel(host);
  } catch (error) {
    if (isPullbakError(error, "TUNNEL_DOWN")) return { tunnelDown: error.message };
    throw error;
  }
  return await recordHostKey(host);
}
