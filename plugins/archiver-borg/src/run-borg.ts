import type { CommandSpec, Job, Runner } from "@pullbak/core";
import { borgCommand } from "./borg-command.js";
import { borgFailed, borgStopped } from "./borg-errors.js";
import { BorgLog } from "./borg-log.js";
import { showBorgEvent } from "./borg-progress.js";

/** A borg command that finished: 0 (ok) or 1 (warnings); what a warning means is the caller's call. */
export interface BorgOutcome {
  exitCode: 0 | 1;
  stdout: string;
  log: BorgLog;
}

export interface BorgRunOptions {
  /** Added to the "interrupted" message, e.g. what borg kept. */
  aftermath?: string;
  /** Where borg's warnings go as they happen; `init` warns of things pullbak says better itself. */
  warningsTo?: "warn" | "debug";
  /** Added to borg's environment, e.g. the patches it loads (borg-patches.ts). */
  env?: Record<string, string>;
}

/** Runs a spec built by `borgCommand`: exit 2 and more become ARCHIVER_FAILED, a cancel INTERRUPTED. */
export async function runBorgSpec(job: Job, command: string, spec: CommandSpec, options: BorgRunOptions = {}): Promise<BorgOutcome> {
  if (job.signal.aborted) throw borgStopped(job, command);
  const log = new BorgLog();
  const result = await job.commands.run(spec, { onStderrLine: (line) => showBorgEvent(job, log.push(line), options.warningsTo) });
  if (result.canceled || job.signal.aborted) throw borgStopped(job, command, options.aftermath);
  if (result.exitCode !== 0 && result.exitCode !== 1) throw borgFailed(job, command, result.exitCode, log);
  return { exitCode: result.exitCode, stdout: result.stdout, log };
}

/**
 * `borg COMMAND --log-json ARGS` through the runner. JSON log lines let
 * pullbak tell progress, warnings and errors apart without parsing prose.
 */
export async function runBorg(job: Job, runner: Runner, command: string, args: readonly string[], options: BorgRunOptions = {}): Promise<BorgOutcome> {
  if (job.signal.aborted) throw borgStopped(job, command);
  const spec = await borgCommand(job, runner, [command, "--log-json", ...args], options.env);
  return runBorgSpec(job, command, spec, options);
}
