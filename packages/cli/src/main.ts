import { readFileSync } from "node:fs";
import { escapeControlLines, exitCodeFor, ExitCode, isPullbakError, PullbakError } from "@pullbak/core";
import { logJsonEvent } from "./logging/json-log.js";
import { HelpShown } from "./parse-args.js";
import type { GlobalOptions } from "./session.js";
import { didYouMean } from "./suggest.js";
import { usage } from "./usage.js";

type Command = (args: string[], global: GlobalOptions) => Promise<number>;

/**
 * Each command's module is loaded when that command runs, not at start-up:
 * node's module loader was most of pullbak's own start (a `pullbak --help`
 * read every command's code and every library they use), and that start is
 * paid by every run of a fleet.
 */
const loaders: Record<string, () => Promise<Command>> = {
  run: async () => (await import("./commands/run.js")).runCommand,
  init: async () => (await import("./commands/init.js")).initCommand,
  list: async () => (await import("./commands/list.js")).listCommand,
  restore: async () => (await import("./commands/restore.js")).restoreCommand,
  "check-config": async () => (await import("./commands/check-config.js")).checkConfigCommand,
  plugins: async () => (await import("./commands/plugins.js")).pluginsCommand,
  cleanup: async () => (await import("./commands/cleanup.js")).cleanupCommand,
  doctor: async () => (await import("./commands/doctor.js")).doctorCommand,
  "setup-client": async () => (await import("./commands/setup-client.js")).setupClientCommand,
  schedule: async () => (await import("./commands/schedule.js")).scheduleCommand,
  lab: async () => {
    const { labCommand } = await import("./commands/lab.js");
    return (args) => labCommand(args);
  },
  prune: async () => (await import("./commands/prune.js")).pruneCommand,
  compact: async () => (await import("./commands/compact.js")).compactCommand,
  check: async () => (await import("./commands/check.js")).checkCommand,
  key: async () => (await import("./commands/key.js")).keyCommand,
  info: async () => (await import("./commands/info.js")).infoCommand,
  status: async () => (await import("./commands/status.js")).statusCommand,
};

/** The command's loader; a name like "constructor" is no command (it is a key of every object). */
function loaderOf(name: string | undefined): (() => Promise<Command>) | undefined {
  return name !== undefined && Object.hasOwn(loaders, name) ? loaders[name] : undefined;
}

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
    const helpFor = name === "help" ? loaderOf(args[0]) : undefined;
    if (helpFor) return await (await helpFor())(["--help"], global);
    if (name === undefined || name === "help" || (split.help && !loaderOf(name))) {
      process.stdout.write(usage);
      return name === undefined && !split.help ? ExitCode.config : ExitCode.ok;
    }
    const load = loaderOf(name);
    if (!load) {
      const known = Object.keys(loaders);
      throw new PullbakError("USAGE", `unknown command "${name}"${didYouMean(name, known)}; commands: ${known.join(", ")}`);
    }
    // `pullbak --help run` and `pullbak run --help` both show run's own help.
    const command = await load();
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
