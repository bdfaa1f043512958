import { parseArgs, type ParseArgsConfig } from "node:util";
import { PullbakError } from "@pullbak/core";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;

/** node:util parseArgs with pullbak's usage error (exit 78) instead of a stack trace. */
export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O): Parsed<O> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new PullbakError("USAGE", `${command}: ${(error as Error).message} (see pullbak --help)`);
  }
}
