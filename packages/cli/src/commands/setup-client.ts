import { keyFileFor, PullbakError, resolveHost } from "@pullbak/core";
import { authorizedKeyLine, clientSshdConfig } from "../client-setup/authorized-key-line.js";
import { recordHostKey } from "../client-setup/host-key.js";
import { keyPurposes } from "../client-setup/key-purposes.js";
import { ensureKeyPair } from "../client-setup/key-pair.js";
import { printResult } from "../output.js";
import { parseCommandArgs } from "../parse-args.js";
import { loadAll, type GlobalOptions } from "../session.js";

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
  const lines: string[] = [];
  const notes: string[] = [];
  for (const { purpose, forcedCommand, usedBy } of keyPurposes(loaded.registry)) {
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
