import { readFileSync } from "node:fs";
import { escapeControlLines, exitCodeFor, ExitCode, isPullbakError, PullbakError } from "@pullbak/core";
import { checkConfigCommand } from "./commands/check-config.js";
import { checkCommand } from "./commands/check.js";
import { compactCommand } from "./commands/compact.js";
import { infoCommand } from "./commands/info.js";
import { keyCommand } from "./commands/key.js";
import { pruneCommand } from "./commands/prune.js";
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
import { statusCommand } from "./commands/status.js";
import { logJsonEvent } from "./logging/json-log.js";
import { HelpShown } from "./parse-args.js";
import type { GlobalOptions } from "./session.js";
import { didYouMean } from "./suggest.js";
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
  prune: pruneCommand,
  compact: compactCommand,
  check: checkCommand,
  key: keyCommand,
  info: infoCommand,
  status: statusCommand,
};

/** The version of this pullbak, from its package.json. */
function version(): string {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return manifest.version;
}

/**
 * Global options may stand before or after the command word
 * (`pullbak --config F run web1` and `pullbak run web1 --config F`).
 */
function splitGlobals(argv: string[]): { global: GlobalOptions; help: boolean; showVersion: boolean; rest: string[] } {
  const global: GlobalOptions = {};
  const rest: string[] = [];
  let help = false;
  let showVersion = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    // Past "--" everything is a positional (a path to restore may be named "--quiet").
    if (arg === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === "--config") {
      const value = argv[++i];
      if (value === undefined) throw new PullbakError("USAGE", "--config needs a FILE");
      global.config = value;
    } else if (arg.startsWith("--config=")) global.config = arg.slice("--config=".length);
    else if (arg === "-v" || arg === "--verbose") global.verbose = true;
    else if (arg === "-q" || arg === "--quiet") global.quiet = true;
    else if (arg === "--log-json") global.logJson = true;
    else if (arg === "--version") showVersion = true;
    else if (arg === "-h" || arg === "--help") help = true;
    else rest.push(arg);
  }
  return { global, help, showVersion, rest };
}

/** The last word of a failed command: one line on stderr, escaped (a message may quote a client's file name), or a JSON event. */
function reportError(global: GlobalOptions, message: string): void {
  if (global.logJson) logJsonEvent("error", "error", {}, message, global);
  else process.stderr.write(`pullbak: ${escapeControlLines(message)}\n`);
}

/** Runs one pullbak command; returns the exit code. Errors end as one line on stderr. */
export async function main(argv: string[]): Promise<number> {
  let global: GlobalOptions = {};
  try {
    const split = splitGlobals(argv);
    global = split.global;
    const [name, ...args] = split.rest;
    if (split.showVersion) {
      process.stdout.write(`pullbak ${version()}\n`);
      return ExitCode.ok;
    }
    if (name === "help" && args[0] !== undefined && commands[args[0]]) return await commands[args[0]]!(["--help"], global);
    if (name === undefined || name === "help" || (split.help && !commands[name])) {
      process.stdout.write(usage);
      return name === undefined && !split.help ? ExitCode.config : ExitCode.ok;
    }
    const command = commands[name];
    if (!command) {
      const known = Object.keys(commands);
      throw new PullbakError("USAGE", `unknown command "${name}"${didYouMean(name, known)}; commands: ${known.join(", ")}`);
    }
    // `pullbak --help run` and `pullbak run --help` both show run's own help.
    return await command(split.help ? ["--help", ...args] : args, global);
  } catch (error) {
    if (error instanceof HelpShown) return ExitCode.ok;
    if (isPullbakError(error)) {
      reportError(global, error.message);
      return exitCodeFor(error.code);
    }
    reportError(global, `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return ExitCode.failed;
  }
}
