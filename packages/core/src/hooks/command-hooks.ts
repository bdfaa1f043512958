import type { ResolvedCommands } from "../config/resolve-host.js";
import type { Hook, JobEvent } from "../contracts/hook.js";
import type { Job } from "../contracts/job.js";
import type { RunRecord } from "../contracts/run-record.js";
import { PullbakError } from "../errors.js";
import { commandFacts, type CommandPhase } from "./command-facts.js";
import { describeArgv, runCommandHook } from "./run-command-hook.js";

/** True when `commands:` names at least one command. */
export function hasCommands(commands: ResolvedCommands | undefined): commands is ResolvedCommands {
  return !!commands && commands.before.length + commands.after.length + commands.onError.length > 0;
}

/**
 * The host's `commands:` as a hook (issue #13).
 *
 * - `before`: in order, before the job touches the client; the first that
 *   fails stops the job (BEFORE_COMMAND_FAILED, exit 2) and the rest do not run.
 * - `after` (result ok or warnings) and `onError` (failed or interrupted, a
 *   failed `before` included): in `finished`, i.e. after the teardown (no
 *   mount, no lock of the job is left for them to keep busy) and with the run
 *   record's facts. Each runs even when the one before it failed; a failure
 *   is one warning line, never the job's result.
 * - A `skipped` job (never started) runs none.
 */
export class CommandHooks implements Hook {
  constructor(private readonly commands: ResolvedCommands) {}

  async before(job: Job, event: JobEvent): Promise<void> {
    for (const [index, argv] of this.commands.before.entries()) {
      const label = `before[${index}]`;
      const failure = await runCommandHook(job, label, argv, commandFacts(job.host, "before", event.action), this.commands.timeout);
      if (failure) {
        throw new PullbakError("BEFORE_COMMAND_FAILED", `host ${job.host.name}: commands.${label} (${describeArgv(argv)}) ${failure}; the ${event.action} was skipped`);
      }
    }
  }

  async finished(job: Job, record: RunRecord): Promise<void> {
    if (record.result === "skipped") return;
    const phase: CommandPhase = record.result === "ok" || record.result === "warnings" ? "after" : "onError";
    for (const [index, argv] of this.commands[phase].entries()) {
      const label = `${phase}[${index}]`;
      try {
        const failure = await runCommandHook(job, label, argv, commandFacts(job.host, phase, record.action, record), this.commands.timeout);
        if (failure) job.log.warn(`host ${job.host.name}: commands.${label} (${describeArgv(argv)}) ${failure}`);
      } catch (error) {
        job.log.warn(`host ${job.host.name}: commands.${label} (${describeArgv(argv)}) could not run: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
