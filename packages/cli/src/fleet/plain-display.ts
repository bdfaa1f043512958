import { ConsoleLogger, type Logger, type RunAction, type RunRecord } from "@pullbak/core";
import type { GlobalOptions } from "../session.js";
import type { FleetDisplay } from "./fleet-display.js";
import { hostVerdict } from "./host-verdict.js";

/**
 * Not on a terminal (cron mail, journald, a pipe): one line when a host
 * starts, one when it ends, no escape codes and no progress (issue #11).
 * `--quiet` keeps only what went wrong.
 */
export class PlainDisplay implements FleetDisplay {
  constructor(
    private readonly options: GlobalOptions,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  logger(host: string): Logger {
    return new ConsoleLogger(`${host}: `, { verbose: this.options.verbose ?? false, quiet: this.options.quiet ?? false, stream: this.stream });
  }

  hostStarted(host: string, action: RunAction): void {
    if (!this.options.quiet) this.stream.write(`${host}: ${action} started\n`);
  }

  hostFinished(record: RunRecord): void {
    if (this.options.quiet && (record.result === "ok" || record.result === "skipped")) return;
    this.stream.write(`${hostVerdict(record)}\n`);
  }

  close(): void {}
}
