import type { Logger, RunAction, RunRecord } from "@pullbak/core";

/**
 * How a fleet run shows itself while it goes (issue #11): a live view on a
 * terminal, a line per host start and end otherwise, JSON events with
 * `--log-json`. Every implementation escapes client-originated text.
 */
export interface FleetDisplay {
  /** The logger a host's job writes to. */
  logger(host: string): Logger;
  hostStarted(host: string, action: RunAction): void;
  /** The host's final record (also for hosts that failed before their job began, or were skipped). */
  hostFinished(record: RunRecord): void;
  /** Ends the live view; called once, before the summary is printed. */
  close(): void;
}
