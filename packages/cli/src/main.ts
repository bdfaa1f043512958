import { exitCodeFor, ExitCode, isPullbakError, PullbakError } from "@pullbak/core";
import { checkConfigCommand } from "./commands/check-config.js";
import { cleanupCommand } from "./commands/cleanup.js";
import { doctorCommand } from "./commands/doctor.js";
import { initCommand } from "./commands/init.js";
import { labCommand } from "./commands/lab.js";
import { listCommand } from "./commands/list.js";
import { pluginsCommand } from "./commands/plugins.js";
import { restoreCommand } from "./commands/restore.js";
import { runCommand } from "./commands/run.js";
import { scheduleCommand } from "./commands/schedule.js";
import { setupClientCommand } from "./commands/setup-client.js";
import type { GlobalOptions } from "./session.js";
import { usage } from "./usage.js";

type Command = (args: string[], global: GlobalOptions) => Promise<number>;

const commands: Record<string, Command> = {
  run: runCommand,
  init: initCommand,
  list: listCommand,
  restore: restoreCommand,
  "check-config": checkConfigCommand,
  plugins: pluginsCommand,
  cleanup: cleanupCommand,
  doctor: doctorCommand,
  "setup-client": setupClientCommand,
  schedule: scheduleCommand,
  lab: (args) => labCommand(args),
};

/**
 * Global options may stand before or after the command word
 * (`pullbak --config F run web1` and `pullbak run web1 --config F`).
 */
function splitGlobals(argv: string[]): { global: GlobalOptions; help: boolean; rest: string[] } {
  const global: GlobalOptions = {};
  const rest: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--config") {
      const value = argv[++i];
      if (value === undefined) throw new PullbakError("USAGE", "--config needs a FILE");
      global.config = value;
    } else if (arg.startsWith("--config=")) global.config = arg.slice("--config=".length);
    else if (arg === "-v" || arg === "--verbose") global.verbose = true;
    else if (arg === "-h" || arg === "--help") help = true;
    else rest.push(arg);
  }
  return { global, help, rest };
}

/** Runs one pullbak command; returns the exit code. Errors end as one line on stderr. */
export async function main(argv: string[]): Promise<number> {
  try {
    const { global, help, rest } = splitGlobals(argv);
    const [name, ...args] = rest;
    if (help || name === undefined || name === "help") {
      process.stdout.write(usage);
      return name === undefined && !help ? ExitCode.config : ExitCode.ok;
    }
    const command = commands[name];
    if (!command) throw new PullbakError("USAGE", `unknown command "${name}"; commands: ${Object.keys(commands).join(", ")}`);
    return await command(args, global);
  } catch (error) {
    if (isPullbakError(error)) {
      process.stderr.write(`pullbak: ${error.message}\n`);
      return exitCodeFor(error.code);
    }
    process.stderr.write(`pullbak: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return ExitCode.failed;
  }
}
