import type { CommandResult, CommandRunner, CommandSpec, RunOptions } from "../contracts/command.js";
import { formatCommand } from "./format-argv.js";

const pretend: CommandResult = { exitCode: 0, stdout: "", stderr: "", canceled: false };

/**
 * Prints every step instead of taking it. Read-only probes still run, so the
 * plan shows the options the real run would pick (e.g. sshfs's symlink flags).
 */
export class DryRunRunner implements CommandRunner {
  readonly dryRun = true;
  #step = 0;

  constructor(
    private readonly probeRunner: CommandRunner,
    private readonly print: (line: string) => void,
  ) {}

  note(step: string): void {
    this.print(`${++this.#step}. ${step}`);
  }

  async run(spec: CommandSpec, options: RunOptions = {}): Promise<CommandResult> {
    if (options.probe) return this.probeRunner.run(spec, options);
    this.note(formatCommand(spec));
    return pretend;
  }

  async pipe(producer: CommandSpec, consumer: CommandSpec) {
    this.note(`${formatCommand(producer)} | ${formatCommand(consumer)}`);
    return { producer: pretend, consumer: pretend };
  }
}
