import type { GlobalOptions } from "../session.js";
import type { FleetDisplay } from "./fleet-display.js";
import { JsonDisplay } from "./json-display.js";
import { PlainDisplay } from "./plain-display.js";
import { TerminalDisplay } from "./terminal-display.js";

/**
 * `--log-json`: JSON events; stderr a terminal (and not `--quiet`): the live
 * view; anything else (cron, systemd, a pipe): plain lines (issue #11).
 */
export function chooseDisplay(hosts: string[], options: GlobalOptions): FleetDisplay {
  if (options.logJson) return new JsonDisplay(options);
  if (process.stderr.isTTY && !options.quiet) return new TerminalDisplay(hosts, options);
  return new PlainDisplay(options);
}
