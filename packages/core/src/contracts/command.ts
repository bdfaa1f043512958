import type { Readable, Writable } from "node:stream";

/**
 * A command as data: argv (never a shell string), where to run it, and what
 * it needs. Plugins describe commands this way so that isolation can wrap
 * them, `--dry-run` can print them, and the runner alone touches processes.
 */
export interface CommandSpec {
  argv: readonly string[];
  cwd?: string;
  /** Added to a minimal environment; never put a secret here. */
  env?: Readonly<Record<string, string>>;
  /** Bytes handed to the child on a pipe at fd 3; `envVar` is set to "3" (e.g. BORG_PASSPHRASE_FD). */
  secret?: { bytes: Uint8Array; envVar: string };
  /** Signal sent first on cancel; borg checkpoints on SIGINT. */
  killSignal?: NodeJS.Signals;
}

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** True when the job's signal (Ctrl-C, SIGTERM, timeout) stopped the command. */
  canceled: boolean;
}

export interface RunOptions {
  /** A read-only probe (e.g. `sshfs --help`): runs even under --dry-run. */
  probe?: boolean;
  stdin?: "ignore" | Readable;
  /** Default "pipe" (collected into `stdout`). */
  stdout?: "pipe" | "inherit" | Writable;
  /** Called for each line the command writes to stderr, as it arrives. */
  onStderrLine?: (line: string) => void;
  /** Stop the command when this aborts (in addition to the job's signal). */
  signal?: AbortSignal;
}

/**
 * A command left running while the job works (a FUSE daemon in the
 * foreground, holding a mount namespace): its pid, how it ended, and a way
 * to signal it. Its kill signal from the kernel should pullbak die is the
 * spec's `killSignal` (see parent-death.ts), as for any command.
 */
export interface StartedCommand {
  readonly pid: number;
  /** Settles (never rejects) when the command has exited. */
  readonly exited: Promise<CommandResult>;
  /** Whether it has exited. */
  readonly done: boolean;
  /** Sends `signal` to the command's process (not its group); no-op once it has exited. */
  kill(signal: NodeJS.Signals): void;
}

export interface CommandRunner {
  /** Runs a command; a non-zero exit is a result, not an exception. */
  run(spec: CommandSpec, options?: RunOptions): Promise<CommandResult>;
  /**
   * `producer | consumer` with constant memory; both ends share the cancel
   * signal. Each result's `stderr` is the tail of that end's stderr; the
   * consumer's `stdout` is the last 4 KiB it wrote (where sshd and nologin
   * put their refusals), the producer's is empty (it went into the pipe).
   */
  pipe(producer: CommandSpec, consumer: CommandSpec, options?: Pick<RunOptions, "onStderrLine">): Promise<{ producer: CommandResult; consumer: CommandResult }>;
  /**
   * Starts a command and returns at once; the job's signal does not stop it
   * (the caller's undo step does, so that teardown decides the order).
   * Optional so that test doubles need not have it; never called under
   * --dry-run.
   */
  start?(spec: CommandSpec): StartedCommand;
  /** Records a step that is not a command (mkdir, journal), so --dry-run shows it. */
  note(step: string): void;
  readonly dryRun: boolean;
}
