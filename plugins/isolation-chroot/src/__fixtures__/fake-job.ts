import type { CommandResult, CommandRunner, CommandSpec, Job, ResolvedHost } from "@pullbak/core";
import { UndoStack } from "@pullbak/core";

/** Notes steps, runs nothing. */
export class NotingRunner implements CommandRunner {
  readonly notes: string[] = [];
  constructor(readonly dryRun = false) {}
  async run(_spec: CommandSpec): Promise<CommandResult> {
    return { exitCode: 0, stdout: "", stderr: "", canceled: false };
  }
  async pipe(): Promise<never> {
    throw new Error("not used");
  }
  note(step: string): void {
    this.notes.push(step);
  }
}

export function fakeJob(hostStateDir: string, commands: CommandRunner = new NotingRunner()): Job {
  return {
    host: { name: "web1" } as ResolvedHost,
    commands,
    undo: new UndoStack(),
    log: { info() {}, debug() {}, progress() {}, warn() {} },
    signal: new AbortController().signal,
    hostStateDir,
    passphrase: async () => undefined,
    journalMount: async () => {},
    forgetMount: async () => {},
  };
}
