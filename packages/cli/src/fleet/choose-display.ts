import type { GlobalOptions } from "../session.js";
import type { FleetDisplay } from "./fleet-display.js";
import { JsonDisplay } from "./json-display.js";
import { PlainDisplay } from "./plain-display.js";

/**
 * `--log-json`: JSON events; stderr a terminal (and not `--quiet`): the live
 * view; anything else (cron, systemd, a pipe): plain lines (issue #11).
 * The live view's code (log-update and its ~20 modules) is loaded only for
 * a terminal: cron and systemd runs do not pay for it at start-up.
 */
export async function chooseDisplay(hosts: string[], options: GlobalOptions): Promise<FleetDisplay> {
  if (options.logJson) return new JsonDisplay(options);
  if (process.stderr.isTTY && !options.quiet) {
    const { TerminalDisplay } = await import("./terminal-display.js");
    return new TerminalDisplay(hosts, options);
  }
  return new PlainDisplay(options);
}
