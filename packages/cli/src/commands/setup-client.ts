import { BACKUP_FORCED_COMMAND, keyFileFor, PullbakError, resolveHost, resolveSelection, selectPlugins, type PluginRegistry, type TransportKey } from "@pullbak/core";
import { authorizedKeyLine, clientSshdConfig } from "../client-setup/authorized-key-line.js";
import { recordHostKey } from "../client-setup/host-key.js";
import { ensureKeyPair } from "../client-setup/key-pair.js";
import { printResult } from "../output.js";
import { parseCommandArgs } from "../parse-args.js";
import { loadAll, type GlobalOptions } from "../session.js";

interface KeyPurpose {
  purpose: string;
  forcedCommand: string;
  usedBy: string[];
}

/**
 * The backup key (or the keys the host's transport backs up with instead,
 * issue 14: tar-stream's tar line) plus one key per purpose the restore
 * methods declare.
 */
function purposes(registry: PluginRegistry, transportKeys: readonly TransportKey[] | undefined): KeyPurpose[] {
  const backupKeys = transportKeys ?? [{ purpose: "backup", forcedCommand: BACKUP_FORCED_COMMAND, usedBy: "backups" }];
  const byPurpose = new Map<string, KeyPurpose>(backupKeys.map((k) => [k.purpose, { purpose: k.purpose, forcedCommand: k.forcedCommand, usedBy: [k.usedBy] }]));
  for (const { manifest } of registry.list()) {
    if (manifest.kind !== "restorer") continue;
    const defaults = manifest.options?.safeParse({});
    const restorer = manifest.create(defaults?.success ? defaults.data : {}) as { key: { purpose: string; forcedCommand: string } };
    const { purpose, forcedCommand } = restorer.key;
    const known = byPurpose.get(purpose);
    if (known && known.forcedCommand !== forcedCommand) {
      throw new PullbakError("PLUGIN_REQUIREMENT", `restorers ${known.usedBy.join(", ")} and ${manifest.name} need different forced commands for the "${purpose}" key`);
    }
    if (known) known.usedBy.push(manifest.name);
    else byPurpose.set(purpose, { purpose, forcedCommand, usedBy: [manifest.name] });
  }
  return [...byPurpose.values()];
}

/**
 * `setup-client HOST`: creates missing keys, records the client's host key and
 * prints what the client's admin installs. With --authorized-keys it prints
 * only the authorized_keys lines, so it can be piped into the file.
 */
export async function setupClientCommand(args: string[], global: GlobalOptions): Promise<number> {
  const { values, positionals } = parseCommandArgs("setup-client", args, { "authorized-keys": { type: "boolean" } });
  const [name] = positionals;
  if (!name) throw new PullbakError("USAGE", "setup-client: name a HOST");
  const loaded = await loadAll(global);
  const host = resolveHost(loaded.config, name, loaded.file);
  // The host key first: a changed key must stop setup before anything is created.
  const hostKey = values["authorized-keys"] ? undefined : await recordHostKey(host);
  const resolved = resolveSelection(loaded.registry, host, selectPlugins(host, [], loaded.registry));
  const transport = resolved.transport.create(resolved.options.get(resolved.transport));
  const lines: string[] = [];
  const notes: string[] = [];
  for (const { purpose, forcedCommand, usedBy } of purposes(loaded.registry, transport.keys?.(host))) {
    const file = keyFileFor(host, purpose);
    const { publicKey, created } = await ensureKeyPair(file, `pullbak-${purpose}`);
    notes.push(`${created ? "created" : "using"} ${purpose} key ${file} (for ${usedBy.join(", ")})`);
    lines.push(authorizedKeyLine(forcedCommand, publicKey));
  }
  if (!hostKey) {
    printResult(lines.join("\n"));
    return 0;
  }
  printResult(
    [
      ...notes,
      `${hostKey.recorded ? "recorded" : "already recorded"} the host key of ${name} in ${host.ssh.knownHostsFile}: ${hostKey.fingerprints.join(", ")}`,
      `  compare with what the client shows: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub`,
      "",
      `On ${name}, put these lines in /root/.ssh/authorized_keys (pullbak setup-client ${name} --authorized-keys prints them alone):`,
      ...lines.map((l) => `  ${l}`),
      "",
      `and make sure /etc/ssh/sshd_config says:`,
      ...clientSshdConfig.map((l) => `  ${l}`),
      "",
      `then: pullbak doctor ${name}`,
    ].join("\n"),
  );
  return 0;
}
