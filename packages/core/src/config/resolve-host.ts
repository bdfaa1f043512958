import { PullbakError } from "../errors.js";
import { builtinDefaults, DEFAULT_STATE_DIR } from "./defaults.js";
import type { CheckSchedule, HostConfig, PullbakConfig, RepositoryConfig, Retention, SecretConfig, SshConfig, TunnelConfig } from "./schema.js";

/** A host with every setting filled in: what a job runs with. */
export interface ResolvedHost {
  name: string;
  address: string;
  stateDir: string;
  plugins: { transport: string; isolation: string; archiver: string; restorer: string };
  hooks: string[];
  ssh: SshConfig;
  repository: Omit<RepositoryConfig, "passphrase"> & { passphrase?: SecretConfig };
  sources: string[];
  excludes: string[];
  archiveName: string;
  lockWait: number;
  /** issue #10: seconds a run may take before it is stopped as an interrupt would; 0 means no limit. */
  timeout: number;
  /** Run records kept (issue #11). */
  keepRuns: number;
  /** Seconds after which the newest good backup is too old for `pullbak status` (issue #11). */
  maxAge: number;
  options: Record<string, Record<string, unknown>>;
  // issue 12: repository upkeep.
  /** What prune keeps after each good backup; absent: the host is never pruned. */
  retention?: Retention;
  /** Checks run after a backup when due; empty: none. */
  checks?: CheckSchedule[];
  // Issue #13: command hooks and the schedule.
  /** Each list comes from the host when it sets it, else from defaults (lists are not concatenated). */
  commands: ResolvedCommands;
  /** systemd calendar expression, or undefined for the fleet's default timer. */
  schedule?: string;
  // issue 15 (keys): a scheduled full re-read.
  /** Every Nth run (`{ runs }`) or once `seconds` have passed since the last (`{ seconds }`); absent: none scheduled. */
  fullReadEvery?: FullReadSchedule;
  // issue 14: a client that opens the connection itself.
  /**
   * Set when the client keeps a reverse tunnel open to this server: then
   * `address` is 127.0.0.1 and `ssh.port` is `tunnel.port`, and the host key
   * is pinned under `name` (see sshDestination).
   */
  tunnel?: TunnelConfig;
  /** The config file the host was read from, for messages that name where a setting is wrong. */
  configFile?: string;
}

/** issue 14: where a tunnelled client's sshd answers on this server. */
export const TUNNEL_ADDRESS = "127.0.0.1";

/** When a backup reads every file again (config `fullReadEvery`, issue 15). */
export type FullReadSchedule = { runs: number } | { seconds: number };

/** `commands:` with every key filled in; `timeout` in seconds. */
export interface ResolvedCommands {
  before: string[][];
  after: string[][];
  onError: string[][];
  timeout: number;
}

/** Seconds a command hook may run when `commands.timeout` is not set (issue #13). */
export const DEFAULT_COMMAND_TIMEOUT = 600;

function fillHost(template: string, host: string): string {
  return template.replaceAll("{host}", host);
}

export function hostNames(config: PullbakConfig): string[] {
  return Object.keys(config.hosts);
}

export function resolveHost(config: PullbakConfig, name: string, file: string): ResolvedHost {
  const host: HostConfig | undefined = config.hosts[name];
  if (!host) {
    const known = hostNames(config).join(", ") || "(none)";
    throw new PullbakError("UNKNOWN_HOST", `${file}: no host "${name}" under hosts (known: ${known})`);
  }
  const defaults = config.defaults ?? {};
  const ssh: SshConfig = {
    ...builtinDefaults.ssh,
    ...defaults.ssh,
    ...host.ssh,
    keys: { ...defaults.ssh?.keys, ...host.ssh?.keys },
  };
  if (host.port !== undefined) ssh.port = host.port;
  // issue 14: the schema refuses address/port next to tunnel, so these are the only way in.
  if (host.tunnel) ssh.port = host.tunnel.port;
  const repository = { ...builtinDefaults.repository, ...defaults.repository, ...host.repository };
  return {
    name,
    configFile: file,
    address: host.tunnel ? TUNNEL_ADDRESS : host.address!,
    stateDir: config.stateDir ?? DEFAULT_STATE_DIR,
    plugins: {
      transport: host.transport ?? defaults.transport ?? builtinDefaults.transport,
      isolation: host.isolation ?? defaults.isolation ?? builtinDefaults.isolation,
      archiver: host.archiver ?? defaults.archiver ?? builtinDefaults.archiver,
      restorer: host.restorer ?? defaults.restorer ?? builtinDefaults.restorer,
    },
    hooks: host.hooks ?? defaults.hooks ?? [],
    ssh,
    repository: { ...repository, path: fillHost(repository.path, name) },
    sources: host.sources ?? defaults.sources ?? [...builtinDefaults.sources],
    excludes: host.excludes ?? defaults.excludes ?? [...builtinDefaults.excludes],
    archiveName: host.archiveName ?? defaults.archiveName ?? builtinDefaults.archiveName,
    lockWait: host.lockWait ?? defaults.lockWait ?? builtinDefaults.lockWait,
    // issue #10: a run owns its time.
    timeout: host.timeout ?? defaults.timeout ?? builtinDefaults.timeout,
    keepRuns: host.keepRuns ?? defaults.keepRuns ?? builtinDefaults.keepRuns,
    maxAge: host.maxAge ?? defaults.maxAge ?? builtinDefaults.maxAge,
    options: mergeOptions(defaults.options, host.options),
    // issue 12: a host's own list or policy replaces the defaults' whole, never merged key by key.
    ...(host.retention ?? defaults.retention ? { retention: (host.retention ?? defaults.retention)! } : {}),
    checks: host.checks ?? defaults.checks ?? [],
    commands: {
      before: host.commands?.before ?? defaults.commands?.before ?? [],
      after: host.commands?.after ?? defaults.commands?.after ?? [],
      onError: host.commands?.onError ?? defaults.commands?.onError ?? [],
      timeout: host.commands?.timeout ?? defaults.commands?.timeout ?? DEFAULT_COMMAND_TIMEOUT,
    },
    ...((host.schedule ?? defaults.schedule) !== undefined ? { schedule: host.schedule ?? defaults.schedule } : {}),
    ...(host.tunnel ? { tunnel: host.tunnel } : {}),
    // issue 15 (keys): a host's own value replaces the defaults'; 0 switches it off.
    ...fullReadOf(host.fullReadEvery ?? defaults.fullReadEvery),
  };
}

function fullReadOf(every: number | { seconds: number } | undefined): { fullReadEvery?: FullReadSchedule } {
  if (every === undefined || every === 0) return {};
  return { fullReadEvery: typeof every === "number" ? { runs: every } : every };
}

function mergeOptions(
  defaults: Record<string, Record<string, unknown>> | undefined,
  host: Record<string, Record<string, unknown>> | undefined,
): Record<string, Record<string, unknown>> {
  const merged: Record<string, Record<string, unknown>> = { ...defaults };
  for (const [plugin, options] of Object.entries(host ?? {})) merged[plugin] = { ...merged[plugin], ...options };
  return merged;
}
