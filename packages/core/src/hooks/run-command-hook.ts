import type { Job } from "../contracts/job.js";
import { quoteWord } from "../process/format-argv.js";

/** Seconds a timed-out command hook gets between SIGTERM and SIGKILL. */
export const COMMAND_KILL_GRACE_SECONDS = 5;

/** The argv as the admin wrote it, for messages. */
export function describeArgv(argv: readonly string[]): string {
  return argv.map(quoteWord).join(" ");
}

/** One line saying why a command hook failed, from coreutils timeout's and the shell's exit conventions. */
function failureOf(exitCode: number, timeoutSeconds: number, stderr: string): string {
  const tail = stderr.trim().split("\n").filter(Boolean).at(-1);
  const said = tail ? `: ${tail.slice(0, 300)}` : "";
  // timeout(1): 124 the command timed out (and went on SIGTERM), 137 it needed SIGKILL after the grace.
  if (exitCode === 124 || exitCode === 137) return `ran longer than its timeout of ${timeoutSeconds}s and was killed with its process group`;
  if (exitCode === 125) return `could not be started by timeout(1)${said}`;
  if (exitCode === 126) return `could not be executed${said}`;
  if (exitCode === 127) return `was not found${said}`;
  return `exited with ${exitCode}${said}`;
}

/**
 * Runs one command hook on the server: argv as written (no shell), the
 * runner's fixed small environment plus `env`, under coreutils `timeout`.
 * timeout(1) makes the command a process group of its own and, when the
 * time is up, signals that whole group (SIGTERM, then SIGKILL after
 * COMMAND_KILL_GRACE_SECONDS), so `sh -c "sleep 1000 & wait"` leaves
 * nothing running either (issue #13). Its output is logged line by line.
 *
 * @param timeoutSeconds whole seconds, at least 1
 * @returns undefined when the command exited 0, else one line saying why not
 */
export async function runCommandHook(job: Job, label: string, argv: readonly string[], env: Record<string, string>, timeoutSeconds: number): Promise<string | undefined> {
  const seconds = Math.max(1, Math.round(timeoutSeconds));
  const spec = { argv: ["timeout", `--kill-after=${COMMAND_KILL_GRACE_SECONDS}s`, `${seconds}s`, ...argv], env };
  const result = await job.commands.run(spec, { onStderrLine: (line) => job.log.info(`${label}: ${line}`) });
  for (const line of result.stdout.split("\n").filter(Boolean)) job.log.info(`${label}: ${line}`);
  if (result.exitCode === 0) return undefined;
  if (result.canceled) return "was stopped with the run";
  return failureOf(result.exitCode, seconds, result.stderr);
}
