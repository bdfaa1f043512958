import { BACKUP_FORCED_COMMAND, PullbakError, type PluginRegistry, type TransportKey } from "@pullbak/core";

export interface KeyPurpose {
  purpose: string;
  forcedCommand: string;
  usedBy: string[];
}

/**
 * The backup key (or the keys the host's transport backs up with instead,
 * issue 14: tar-stream's tar line) plus one key per purpose the restore
 * methods declare.
 */
export function keyPurposes(registry: PluginRegistry, transportKeys?: readonly TransportKey[]): KeyPurpose[] {
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
