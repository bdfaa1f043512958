import type { Logger, RunAction, RunRecord } from "@pullbak/core";
import { logJsonEvent } from "../logging/json-log.js";
import { JsonLogger } from "../logging/json-logger.js";
import type { GlobalOptions } from "../session.js";
import type { FleetDisplay } from "./fleet-display.js";

/** `--log-json`: events `host-started` and `host-finished` (the run record's fields) besides each host's `log` and `progress`. */
export class JsonDisplay implements FleetDisplay {
  constructor(private readonly options: GlobalOptions) {}

  logger(host: string): Logger {
    return new JsonLogger(host, this.options);
  }

  hostStarted(host: string, action: RunAction): void {
    logJsonEvent("info", "host-started", { host, action }, `${action} started`, this.options);
  }

  hostFinished(record: RunRecord): void {
    const level = record.result === "ok" || record.result === "skipped" ? "info" : record.result === "warnings" ? "warn" : "error";
    const { host, version: _version, pid: _pid, ...fields } = record;
    logJsonEvent(level, "host-finished", { host, ...fields }, `${record.action} ${record.result}`, this.options);
  }

  close(): void {}
}
