import { join } from "node:path";
import type { ResolvedHost } from "../config/resolve-host.js";
import type { CommandRunner } from "../contracts/command.js";
import type { Job } from "../contracts/job.js";
import type { Logger } from "../contracts/logger.js";
import type { SecretSource } from "../contracts/secret.js";
import { PullbakError } from "../errors.js";
import { secretSource } from "../secrets/secret-sources.js";
import { MountJournal } from "./mount-journal.js";
import { UndoStack } from "./undo-stack.js";

export interface JobSetup {
  host: ResolvedHost;
  commands: CommandRunner;
  log: Logger;
  signal: AbortSignal;
  /** Aborts `signal` with a reason (the session's AbortController); becomes `Job.abort`. */
  abort?: (reason: Error) => void;
}

export function hostStateDir(host: ResolvedHost): string {
  return join(host.stateDir, "hosts", host.name);
}

export function createJob(setup: JobSetup): Job {
  const { host, commands } = setup;
  const journal = MountJournal.forHost(host.stateDir, host.name);
  const source: SecretSource | undefined = host.repository.passphrase
    ? secretSource(host.repository.passphrase, `hosts.${host.name}.repository.passphrase`)
    : undefined;
  let secret: Promise<Uint8Array | undefined> | undefined;
  return {
    host,
    commands,
    undo: new UndoStack(),
    log: setup.log,
    signal: setup.signal,
    ...(setup.abort ? { abort: setup.abort } : {}),
    hostStateDir: hostStateDir(host),
    passphrase() {
      // Under --dry-run nothing needs the real secret, and reading it could prompt or touch a store.
      if (commands.dryRun) return Promise.resolve(source ? new Uint8Array() : undefined);
      if (!source && host.repository.encryption !== "none") {
        throw new PullbakError("SECRET_UNAVAILABLE", `host ${host.name}: repository.passphrase is not configured but encryption is ${host.repository.encryption}`);
      }
      secret ??= source ? source.read() : Promise.resolve(undefined);
      return secret;
    },
    async journalMount(mountPoint, kind, holder) {
      commands.note(`journal mount ${mountPoint} (${kind})`);
      if (!commands.dryRun) await journal.add(mountPoint, kind, holder);
    },
    async forgetMount(mountPoint) {
      if (!commands.dryRun) await journal.remove(mountPoint);
    },
  };
}
