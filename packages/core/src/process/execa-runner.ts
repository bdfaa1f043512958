import { constants } from "node:os";
import { execa, type Options, type Result } from "execa";
import type { CommandResult, CommandRunner, CommandSpec, RunOptions, StartedCommand } from "../contracts/command.js";
import { childEnvironment } from "./child-environment.js";
import { formatCommand } from "./format-argv.js";
import { lineSplitter } from "./line-splitter.js";
import { endOrphanedOutput } from "./orphaned-output.js";
import { withParentDeathSignal } from "./parent-death.js";
import { TailBuffer } from "./tail-buffer.js";

/** How long a command gets to stop after its kill signal before SIGKILL (borg writes a checkpoint). */
const GRACE_MS = 60_000;

function exitCodeOf(result: Pick<Result, "exitCode" | "signal">): number {
  if (result.exitCode !== undefined) return result.exitCode;
  const signal = result.signal ? constants.signals[result.signal] : undefined;
  return signal ? 128 + signal : 255;
}

/**
 * The only place pullbak starts processes: argv arrays (never a shell), a
 * fixed environment, an optional secret on fd 3, and the job's cancel signal.
 *
 * Each child runs in a process group of its own (`detached`), so a Ctrl-C
 * typed at the terminal reaches pullbak alone and pullbak sends the
 * command's kill signal exactly once: borg writes a checkpoint on its first
 * SIGINT but aborts without one on a second. And each child gets its kill
 * signal from the kernel should pullbak die (see parent-death.ts).
 */
export class ExecaRunner implements CommandRunner {
  readonly dryRun = false;

  constructor(
    private readonly signal: AbortSignal,
    private readonly trace: (line: string) => void = () => {},
  ) {}

  note(step: string): void {
    this.trace(step);
  }

  /** What is exec'd: the spec's argv, made to receive its kill signal should pullbak die. */
  #argv(spec: CommandSpec): readonly string[] {
    if (spec.argv.length === 0) return spec.argv;
    return withParentDeathSignal(spec.argv, spec.killSignal ?? "SIGTERM", childEnvironment(spec).PATH ?? "");
  }

  /** execa refuses `stdin`/`stdout` next to `stdio`, so fds 0 and 1 are chosen here too. */
  /**
   * A command started after the job was stopped is part of the teardown
   * (unmount, cleanup): the job's signal must not kill it, or an interrupted
   * run would leave its mounts behind.
   */
  #cancelSignal(extra?: AbortSignal): AbortSignal | undefined {
    if (this.signal.aborted) return extra;
    return extra ? AbortSignal.any([this.signal, extra]) : this.signal;
  }

  #options(spec: CommandSpec, extra?: AbortSignal, stdin: unknown = "ignore", stdout: unknown = "pipe"): Options {
    const stdio = (spec.secret ? [stdin, stdout, "pipe", spec.secret.bytes] : [stdin, stdout, "pipe"]) as Options["stdio"];
    return {
      cwd: spec.cwd,
      env: childEnvironment(spec),
      extendEnv: false,
      stdio,
      reject: false,
      detached: true,
      cancelSignal: this.#cancelSignal(extra),
      killSignal: spec.killSignal ?? "SIGTERM",
      forceKillAfterDelay: GRACE_MS,
      stripFinalNewline: false,
    };
  }

  async run(spec: CommandSpec, options: RunOptions = {}): Promise<CommandResult> {
    this.trace(`$ ${formatCommand(spec)}`);
    const [file, ...args] = this.#argv(spec);
    if (!file) throw new Error("empty argv");
    const base = this.#options(spec, options.signal, options.stdin ?? "ignore", options.stdout === "inherit" ? "inherit" : "pipe");
    const wantsStdout = options.stdout === undefined || options.stdout === "pipe";
    const child = execa(file, args, {
      ...base,
      buffer: { stdout: wantsStdout, stderr: false },
    } as Options);
    const stderr = new TailBuffer();
    const lines = options.onStderrLine ? lineSplitter(options.onStderrLine) : undefined;
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr.push(chunk);
      lines?.push(chunk);
    });
    if (options.stdout && typeof options.stdout === "object") child.stdout?.pipe(options.stdout);
    const stopWatching = endOrphanedOutput(child);
    const result = await child.finally(stopWatching);
    lines?.end();
    return {
      exitCode: exitCodeOf(result),
      stdout: typeof result.stdout === "string" ? result.stdout : "",
      stderr: stderr.toString(),
      canceled: result.isCanceled,
    };
  }

  start(spec: CommandSpec): StartedCommand {
    this.trace(`$ ${formatCommand(spec)} &`);
    const [file, ...args] = this.#argv(spec);
    if (!file) throw new Error("empty argv");
    const { cancelSignal: _cancel, forceKillAfterDelay: _force, ...options } = this.#options(spec);
    const child = execa(file, args, { ...options, buffer: { stdout: false, stderr: false } } as Options);
    if (child.pid === undefined) throw new Error(`cannot start ${file}`);
    const stderr = new TailBuffer();
    child.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.stdout?.resume();
    let done = false;
    const stopWatching = endOrphanedOutput(child);
    const exited = (child as unknown as Promise<Result>).finally(stopWatching).then(
      (result) => result,
      (error: Result) => error,
    ).then((result): CommandResult => {
      done = true;
      return { exitCode: exitCodeOf(result), stdout: "", stderr: stderr.toString(), canceled: false };
    });
    const pid = child.pid;
    return {
      pid,
      exited,
      get done() {
        return done;
      },
      kill(signal) {
        if (!done) child.kill(signal);
      },
    };
  }

  async pipe(producer: CommandSpec, consumer: CommandSpec, options: Pick<RunOptions, "onStderrLine"> = {}) {
    this.trace(`$ ${formatCommand(producer)} | ${formatCommand(consumer)}`);
    const [pFile, ...pArgs] = this.#argv(producer);
    const [cFile, ...cArgs] = this.#argv(consumer);
    if (!pFile || !cFile) throw new Error("empty argv");
    // The stream must not be buffered: a multi-GB restore would hit maxBuffer.
    const source = execa(pFile, pArgs, { ...this.#options(producer), buffer: false } as Options);
    const destination = execa(cFile, cArgs, { ...this.#options(consumer, undefined, "pipe"), buffer: { stdout: false, stderr: false } } as Options);
    const tails = [new TailBuffer(), new TailBuffer()] as const;
    // The consumer's last words on stdout: sshd's own refusals ("This service allows sftp
    // connections only.") and nologin's message arrive there, not on stderr (issue 15).
    const consumerOut = new TailBuffer(4096);
    const lines = options.onStderrLine ? lineSplitter(options.onStderrLine) : undefined;
    source.stderr?.on("data", (c: Buffer) => (tails[0].push(c), lines?.push(c)));
    destination.stderr?.on("data", (c: Buffer) => (tails[1].push(c), lines?.push(c)));
    destination.stdout?.on("data", (c: Buffer) => consumerOut.push(c));
    const piped = source.pipe(destination);
    const [sourceResult, destinationResult] = await Promise.all([source, piped.catch(() => destination)]);
    lines?.end();
    const toResult = (r: Result, tail: TailBuffer, stdout = ""): CommandResult => ({ exitCode: exitCodeOf(r), stdout, stderr: tail.toString(), canceled: r.isCanceled });
    return { producer: toResult(sourceResult, tails[0]), consumer: toResult(destinationResult as Result, tails[1], consumerOut.toString()) };
  }
}
