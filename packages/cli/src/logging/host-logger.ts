import { ConsoleLogger, type Logger } from "@pullbak/core";
import type { GlobalOptions } from "../session.js";
import { JsonLogger } from "./json-logger.js";

/** A host's logger as the global options ask: JSON lines with `--log-json`, else prefixed lines on stderr. */
export function hostLogger(options: GlobalOptions, host: string): Logger {
  if (options.logJson) return new JsonLogger(host, options);
  return new ConsoleLogger(`${host}: `, { verbose: options.verbose ?? false, quiet: options.quiet ?? false });
}
