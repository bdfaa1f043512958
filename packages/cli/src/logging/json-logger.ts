import type { Logger, ProgressDetail } from "@pullbak/core";
import { logJsonEvent } from "./json-log.js";

/** Progress events per host are at most this often, in ms: borg reports several a second. */
const PROGRESS_EVERY_MS = 1000;

/** A host's Logger behind `--log-json` (issue #11): events `log` and `progress`, each naming the host. */
export class JsonLogger implements Logger {
  #lastProgress = 0;

  constructor(
    private readonly host: string,
    private readonly options: { verbose?: boolean | undefined; quiet?: boolean | undefined },
  ) {}

  info(message: string): void {
    logJsonEvent("info", "log", { host: this.host }, message, this.options);
  }

  warn(message: string): void {
    logJsonEvent("warn", "log", { host: this.host }, message, this.options);
  }

  debug(message: string): void {
    logJsonEvent("debug", "log", { host: this.host }, message, this.options);
  }

  progress(message: string, detail?: ProgressDetail): void {
    const now = Date.now();
    if (now - this.#lastProgress < PROGRESS_EVERY_MS) return;
    this.#lastProgress = now;
    logJsonEvent("info", "progress", { host: this.host, ...detail }, message, this.options);
  }
}
