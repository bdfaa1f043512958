import type { CommandResult, CommandRunner, CommandSpec, Job, ResolvedHost, RunOptions, StartedCommand } from "@pullbak/core";
import { UndoStack } from "@pullbak/core";

export type Answer = Partial<CommandResult> | ((spec: CommandSpec) => Partial<CommandResult>);

/** Records every command and answers by program name; nothing is executed. */
export class ScriptedRunner implements CommandRunner {
  readonly specs: Array<{ spec: CommandSpec; probe: boolean }> = [];
  readonly notes: string[] = [];
  /** Ends each started command that still runs, as if it exited by itself with `result`. */
  readonly #running: Array<(result: CommandResult) => void> = [];

  constructor(
    private readonly answers: Record<string, Answer> = {},
    readonly dryRun = false,
  ) {}

  async run(spec: CommandSpec, options: RunOptions = {}): Promise<CommandResult> {
    this.specs.push({ spec, probe: options.probe === true });
    const answer = this.answers[spec.argv[0] ?? ""] ?? {};
    const given = typeof answer === "function" ? answer(spec) : answer;
    return { exitCode: 0, stdout: "", stderr: "", canceled: false, ...given };
  }

  /**
   * Started commands are answered by the program after `unshare ... --`
   * (and after `prlimit ... --`, the memory cap):
   * a non-zero exit ends them at once, otherwise they run until killed. The
   * pid is one above Linux's pid_max: no real process can ever be signalled.
   */
  start(spec: CommandSpec): StartedCommand {
    this.specs.push({ spec, probe: false });
    let program = spec.argv[spec.argv.indexOf("--") + 1] ?? "";
    if (program === "prlimit") program = spec.argv[spec.argv.indexOf("--", spec.argv.indexOf("prlimit")) + 1] ?? "";
    const answer = this.answers[program] ?? {};
    const given = typeof answer === "function" ? answer(spec) : answer;
    let end!: (result: CommandResult) => void;
    let done = false;
    const exited = new Promise<CommandResult>((resolve) => (end = resolve)).then((result) => ((done = true), result));
    if (given.exitCode) end({ exitCode: 0, stdout: "", stderr: "", canceled: false, ...given });
    this.#running.push((result) => end(result));
    return {
      pid: 4_194_305,
      exited,
      get done() {
        return done;
      },
      kill: (signal) => end({ exitCode: 128, stdout: "", stderr: `killed by ${signal}`, canceled: false }),
    };
  }

  /** Every started command exits now with `result` (sshfs at its memory cap, say). */
  exitStarted(result: Partial<CommandResult>): void {
    for (const end of this.#running.splice(0)) end({ exitCode: 1, stdout: "", stderr: "", canceled: false, ...result });
  }

  async pipe(): Promise<never> {
    throw new Error("not used");
  }

  note(step: string): void {
    this.notes.push(step);
  }

  argvs(program: string): string[][] {
    return this.specs.filter((s) => s.spec.argv[0] === program).map((s) => [...s.spec.argv]);
  }
}

export function testHost(overrides: Partial<ResolvedHost> = {}, ssh: Partial<ResolvedHost["ssh"]> = {}): ResolvedHost {
  return {
    name: "web1",
    address: "192.0.2.10",
    stateDir: "/var/lib/pullbak",
    plugins: { transport: "sshfs", isolation: "chroot", archiver: "borg", restorer: "tar-restore" },
    hooks: [],
    ssh: {
      user: "root",
      port: 2222,
      identityFile: "/etc/pullbak/keys/backup",
      knownHostsFile: "/etc/pullbak/known_hosts",
      keys: { restore: "/etc/pullbak/keys/restore" },
      connectTimeout: 7,
      aliveInterval: 15,
      ...ssh,
    },
    repository: { path: "/srv/backup/web1", encryption: "repokey-blake2" },
    sources: ["/"],
    excludes: [],
    archiveName: "{host}-{now}",
    lockWait: 0,
    keepRuns: 100,
    maxAge: 93600,
    options: {},
    ...overrides,
  };
}

export function fakeJob(commands: CommandRunner, host: ResolvedHost, hostStateDir: string): Job & { warnings: string[]; journal: string[]; aborted: Error[] } {
  const warnings: string[] = [];
  const journal: string[] = [];
  const aborted: Error[] = [];
  const controller = new AbortController();
  return {
    host,
    commands,
    undo: new UndoStack(),
    log: { info() {}, debug() {}, progress() {}, warn: (m: string) => void warnings.push(m) },
    signal: controller.signal,
    abort: (reason) => (aborted.push(reason), controller.abort(reason)),
    hostStateDir,
    passphrase: async () => undefined,
    journalMount: async (path, kind, holder) => void journal.push(`+${kind} ${path}${holder ? ` held by ${holder.pid}` : ""}`),
    forgetMount: async (path) => void journal.push(`-${path}`),
    warnings,
    journal,
    aborted,
  };
}
