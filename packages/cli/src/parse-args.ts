import { parseArgs, type ParseArgsConfig } from "node:util";
import { PullbakError } from "@pullbak/core";
import { didYouMean } from "./suggest.js";
import { commandHelp, GLOBAL_OPTION_NAMES } from "./usage.js";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;

/**
 * Thrown once `COMMAND --help` has printed the command's help: main.ts
 * turns it into exit 0. Every command that parses with `parseCommandArgs`
 * gets its `--help` this way, listing the options it declares.
 */
export class HelpShown extends Error {
  override readonly name = "HelpShown";
}

function optionNames(options: Options): string[] {
  return Object.entries(options).flatMap(([name, option]) => [`--${name}`, ...(option.short ? [`-${option.short}`] : [])]);
}

/**
 * node:util parseArgs with pullbak's usage error (exit 78) instead of a
 * stack trace, a suggestion for a misspelt option, and `--help` / `-h`
 * printing this command's usage and options (issue #11).
 */
export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O): Parsed<O> {
  const dashDash = args.indexOf("--");
  const flags = dashDash === -1 ? args : args.slice(0, dashDash);
  if (flags.includes("--help") || flags.includes("-h")) {
    process.stdout.write(commandHelp(command, options));
    throw new HelpShown();
  }
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /^Unknown option '([^']+)'/.exec(message)?.[1];
    if (unknown !== undefined) {
      const known = [...optionNames(options), ...GLOBAL_OPTION_NAMES];
      throw new PullbakError("USAGE", `${command}: unknown option ${unknown}${didYouMean(unknown.split("=")[0]!, known)} (see pullbak ${command} --help)`);
    }
    throw new PullbakError("USAGE", `${command}: ${message} (see pullbak ${command} --help)`);
  }
}
