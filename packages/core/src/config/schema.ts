import { z } from "zod";
import { durationSchema } from "./duration.js";

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

export const repositorySchema = z
  .object({
    path: absolutePath,
    encryption: z.enum(["none", "authenticated", "authenticated-blake2", "repokey", "repokey-blake2", "keyfile", "keyfile-blake2"]),
    passphrase: secretSchema,
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
  /** Per-plugin options, keyed by plugin name; validated by the plugin's own schema. */
  options: z.record(z.string(), z.record(z.string(), z.unknown())),
  // Issue #13: command hooks and the schedule.
  commands: commandsSchema,
  schedule: scheduleSchema,
};

export const defaultsSchema = z.object(hostSettings).partial().strict();

export const hostSchema = z
  .object({
    address: z.string().min(1),
    port: z.number().int().min(1).max(65535).optional(),
    ...hostSettings,
  })
  .partial()
  .required({ address: true })
  .strict();

/** A third-party plugin: a package name or path, optionally with options. */
export const pluginEntrySchema = z.union([
  z.string().min(1),
  z.tuple([z.string().min(1), z.record(z.string(), z.unknown())]),
]);

export const configSchema = z
  .object({
    version: z.literal(1),
    stateDir: absolutePath.optional(),
    defaults: defaultsSchema.optional(),
    plugins: z.array(pluginEntrySchema).optional(),
    hosts: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "expected a host name of letters, digits, '.', '_' or '-'"), hostSchema),
  })
  .strict();

export type SecretConfig = z.infer<typeof secretSchema>;
export type SshConfig = z.infer<typeof sshSchema>;
export type RepositoryConfig = z.infer<typeof repositorySchema>;
export type CommandsConfig = z.infer<typeof commandsSchema>;
export type HostConfig = z.infer<typeof hostSchema>;
export type PullbakConfig = z.infer<typeof configSchema>;
