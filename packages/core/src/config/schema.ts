import { z } from "zod";
import { durationSchema, parseDuration } from "./duration.js";
import { sizeSchema } from "./size.js";

const absolutePath = z
  .string()
  .refine((p) => p.startsWith("/"), { message: "expected an absolute path (starting with /)" });

const pluginName = z.string().min(1);

/**
 * A passphrase source. `command` runs without a shell: a string is split on
 * white space (no quoting), an array is taken as argv. The secret reaches borg
 * on a pipe, never argv or the environment of a long-lived process.
 */
export const secretSchema = z.union([
  z.object({ command: z.union([z.string().min(1), z.array(z.string().min(1)).nonempty()]) }).strict(),
  z.object({ file: absolutePath }).strict(),
  z.object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "expected an environment variable name") }).strict(),
]);

export const sshSchema = z
  .object({
    user: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    /** The key used for backups (ideally restricted to `internal-sftp -R`). */
    identityFile: absolutePath,
    knownHostsFile: absolutePath,
    /** Keys per purpose; a restore method names the purpose it needs. */
    keys: z.record(z.string(), absolutePath),
    connectTimeout: z.number().int().positive(),
    /** Seconds between keepalives; a link silent for 3 of them counts as dead. */
    aliveInterval: z.number().int().positive(),
  })
  .strict();

/** borg 1.2's smallest `--storage-quota` (parse_storage_quota: 10M, decimal), in bytes. */
export const BORG_MIN_STORAGE_QUOTA = 10_000_000;

export const repositorySchema = z
  .object({
    path: absolutePath,
    encryption: z.enum(["none", "authenticated", "authenticated-blake2", "repokey", "repokey-blake2", "keyfile", "keyfile-blake2"]),
    passphrase: secretSchema,
    // issue #10 (quota): a client must not fill the server's disk.
    /**
     * borg's `--storage-quota` (bytes here; "500G", 1024-based units): what
     * the repository may hold in all, not per run (borg counts every object
     * it stores, append-only history included). Absent: no quota, borg's
     * default. borg refuses less than 10 MB.
     */
    storageQuota: sizeSchema.refine((size) => size >= BORG_MIN_STORAGE_QUOTA, { message: "expected at least 10M (borg refuses a smaller storage quota)" }).optional(),
  })
  .strict();

// issue 12: repository upkeep (retention, checks).
/**
 * How many archives of a host `borg prune` keeps, in borg's own terms
 * (borg help prune): `keepWithin` keeps every archive younger than the
 * duration (seconds here; rounded up to whole hours for borg), each
 * `keepX: N` keeps the newest archive of each of the last N hours / days /
 * ISO weeks / months / years that have one. An archive kept by one rule is
 * not counted by the next.
 */
export const retentionSchema = z
  .object({
    keepWithin: durationSchema,
    keepHourly: z.number().int().min(0),
    keepDaily: z.number().int().min(0),
    keepWeekly: z.number().int().min(0),
    keepMonthly: z.number().int().min(0),
    keepYearly: z.number().int().min(0),
  })
  .partial()
  .strict()
  .refine((r) => Object.values(r).some((v) => v !== undefined && v > 0), {
    message: "expected at least one of keepWithin, keepHourly, keepDaily, keepWeekly, keepMonthly, keepYearly above 0",
  });

/** The repository checks pullbak knows, in borg's terms: `borg check --repository-only`, `--archives-only`, `--verify-data`. */
export const checkNames = ["repository", "archives", "data"] as const;

/** One scheduled check: run after a backup when `frequency` (seconds) has passed since it last ran. */
export const checkScheduleSchema = z
  .object({
    name: z.enum(checkNames),
    frequency: durationSchema,
  })
  .strict();

// Issue #13: command hooks and schedules.
/** One command as argv: no shell unless the admin writes `[sh, -c, "..."]` themselves. */
const argvSchema = z.array(z.string().min(1).refine((a) => !a.includes("\0"), { message: "expected no NUL byte" })).nonempty();

/**
 * Commands run on the server around a host's job (issue #13). `before` runs
 * before the client is touched (a failure skips the host); `after` once the
 * job succeeded, `onError` once it failed, both after teardown. Each command
 * gets `timeout` (default 10 minutes) and is killed with its whole process
 * group when it runs longer.
 */
export const commandsSchema = z
  .object({
    before: z.array(argvSchema),
    after: z.array(argvSchema),
    onError: z.array(argvSchema),
    timeout: durationSchema,
  })
  .partial()
  .strict();

/** When the host's backup runs, in systemd calendar syntax (`daily`, `Mon..Fri *-*-* 02:00`); see `pullbak schedule`. */
export const scheduleSchema = z.string().min(1).max(200).refine((s) => !/[\n\r\0]/.test(s), { message: "expected one line" });

const pluginChoice = {
  transport: pluginName,
  isolation: pluginName,
  archiver: pluginName,
  restorer: pluginName,
};

// issue 15 (keys: change detection): a scheduled full re-read.
/**
 * When a backup reads every file again instead of trusting borg's files
 * cache (over SFTP its "ctime" is the mtime, so a same-size edit that keeps
 * its mtime is otherwise never read): a whole number N means every Nth run
 * (`30`), a duration string the first run once that long has passed since
 * the last full read (`"30 days"`). `0` (or absent) schedules none.
 */
export const fullReadEverySchema = z.union([
  z.number().int().min(0),
  z.string().transform((text, context) => {
    const seconds = parseDuration(text);
    if (seconds === undefined || seconds === 0) {
      context.addIssue({ code: z.ZodIssueCode.custom, message: `expected a number of runs (30) or a duration such as "30 days", found ${JSON.stringify(text)}` });
      return z.NEVER;
    }
    return { seconds };
  }),
]);

/** Everything a host may set; `defaults` may set the same keys. */
const hostSettings = {
  ...pluginChoice,
  ssh: sshSchema.partial(),
  repository: repositorySchema.partial(),
  sources: z.array(absolutePath).nonempty(),
  excludes: z.array(z.string().min(1)),
  /** Seconds a run waits for another run of the same host to finish; 0 fails at once. */
  lockWait: z.number().int().min(0),
  /** borg archive name; `{host}` and `{now}` are filled in. */
  archiveName: z.string().min(1),
  hooks: z.array(pluginName),
  // issue #10 (trust-ns): a run owns its time.
  /** Longest a run may take (seconds, or a duration such as "6h"); 0 means no limit. Then it is stopped as an interrupt would. */
  timeout: durationSchema,
  // issue 12: repository upkeep. A host's `retention` / `checks` replace those of `defaults` whole.
  retention: retentionSchema,
  checks: z.array(checkScheduleSchema).refine((list) => new Set(list.map((c) => c.name)).size === list.length, {
    message: "expected each check name (repository, archives, data) at most once",
  }),
  /** Per-plugin options, keyed by plugin name; validated by the plugin's own schema. */
  options: z.record(z.string(), z.record(z.string(), z.unknown())),
  // Issue #13: command hooks and the schedule.
  commands: commandsSchema,
  schedule: scheduleSchema,
  // issue #11: run records and `pullbak status`.
  /** Run records kept per host (the newest N). */
  keepRuns: z.number().int().min(1).max(100_000),
  /** `pullbak status` flags a host whose newest good backup is older than this (seconds, or "26h"). */
  maxAge: durationSchema,
  // issue 15 (keys): a scheduled full re-read.
  fullReadEvery: fullReadEverySchema,
};

export const defaultsSchema = z.object(hostSettings).partial().strict();

// issue 14: clients that open the connection themselves (reverse tunnel).
/**
 * A host reached through a reverse tunnel the client keeps open to this
 * server (`ssh -N -R 127.0.0.1:PORT:127.0.0.1:22`): pullbak connects to
 * 127.0.0.1:`port` and pins the client's host key under the host's name
 * (OpenSSH `HostKeyAlias`). `account`, `server` and `serverPort` only shape
 * what `setup-client` prints for the client (docs/tunnels.md).
 */
export const tunnelSchema = z
  .object({
    /** The listen port on this server's loopback; one per host. */
    port: z.number().int().min(1024).max(65535),
    /** The account on this server the client's tunnel logs in as. */
    account: z.string().regex(/^[a-z_][a-z0-9_-]*$/, "expected a plain user name").default("pullbak-tunnel"),
    /** This server's name or address as the client dials it. */
    server: z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$/, "expected a host name or IP address").optional(),
    /** Port of this server's sshd as the client dials it. */
    serverPort: z.number().int().min(1).max(65535).default(22),
  })
  .strict();

export const hostSchema = z
  .object({
    address: z.string().min(1),
    port: z.number().int().min(1).max(65535).optional(),
    ...hostSettings,
    // issue 14: per host only, never in defaults (each tunnel has its own port).
    tunnel: tunnelSchema,
  })
  .partial()
  .strict()
  .superRefine((host, ctx) => {
    if (host.tunnel === undefined) {
      if (host.address === undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["address"], message: "expected an address (or tunnel: { port: N } for a client that opens a reverse tunnel)" });
      return;
    }
    // A tunnelled host is reached at 127.0.0.1:tunnel.port on this server; another address or port would be silently ignored.
    for (const key of ["address", "port"] as const) {
      if (host[key] !== undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message: `a tunnelled host is reached at 127.0.0.1:${host.tunnel.port} on this server; remove ${key}` });
    }
    if (host.ssh?.port !== undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["ssh", "port"], message: `a tunnelled host is reached at 127.0.0.1:${host.tunnel.port} on this server; remove ssh.port` });
  });

/** A third-party plugin: a package name or path, optionally with options. */
export const pluginEntrySchema = z.union([
  z.string().min(1),
  z.tuple([z.string().min(1), z.record(z.string(), z.unknown())]),
]);

export const configSchema = z
  .object({
    version: z.literal(1),
    stateDir: absolutePath.optional(),
    /** issue #11: hosts `pullbak run` backs up at the same time (`--jobs` overrides). */
    jobs: z.number().int().min(1).max(64).optional(),
    defaults: defaultsSchema.optional(),
    plugins: z.array(pluginEntrySchema).optional(),
    hosts: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "expected a host name of letters, digits, '.', '_' or '-'"), hostSchema),
  })
  .strict()
  // issue 14: two hosts on one tunnel port would reach the same sshd under two pins.
  .superRefine((config, ctx) => {
    const byPort = new Map<number, string>();
    for (const [name, host] of Object.entries(config.hosts)) {
      const port = host.tunnel?.port;
      if (port === undefined) continue;
      const other = byPort.get(port);
      if (other !== undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["hosts", name, "tunnel", "port"], message: `port ${port} is already the tunnel port of host ${other}; each tunnelled host needs its own` });
      else byPort.set(port, name);
    }
  });

export type SecretConfig = z.infer<typeof secretSchema>;
export type SshConfig = z.infer<typeof sshSchema>;
export type RepositoryConfig = z.infer<typeof repositorySchema>;
export type CommandsConfig = z.infer<typeof commandsSchema>;
export type HostConfig = z.infer<typeof hostSchema>;
/** issue 14: a host's reverse tunnel, defaults filled in. */
export type TunnelConfig = z.infer<typeof tunnelSchema>;
export type PullbakConfig = z.infer<typeof configSchema>;
/** A retention policy with `keepWithin` in seconds (issue 12). */
export type Retention = z.infer<typeof retentionSchema>;
export type CheckName = (typeof checkNames)[number];
/** A scheduled check with `frequency` in seconds (issue 12). */
export type CheckSchedule = z.infer<typeof checkScheduleSchema>;
