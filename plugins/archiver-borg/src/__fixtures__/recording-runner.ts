import type { CommandResult, CommandRunner, CommandSpec, RunOptions } from "@pullbak/core";

/** Passes every command on and keeps its spec, so tests can check what pullbak handed to the process. */
export class RecordingRunner implements CommandRunner {
  readonly specs: CommandSpec[] = [];
  constructor(private readonly inner: CommandRunner) {}
  get dryRun(): boolean {
    return this.inner.dryRun;
  }
  note(step: string): void {
    this.inner.note(step);
  }
  run(spec: CommandSpec, options?: RunOptions): Promise<CommandResult> {
    this.specs.push(spec);
    return this.inner.run(spec, options);
  }
  pipe(producer: CommandSpec, consumer: CommandSpec, options?: Pick<RunOptions, "onStderrLine">) {
    this.specs.push(producer, consumer);
    return this.inner.pipe(producer, consumer, options);
  }
}
