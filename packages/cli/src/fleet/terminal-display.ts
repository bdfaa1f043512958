import { escapeControl, escapeControlLines, type Logger, type ProgressDetail, type RunAction, type RunRecord } from "@pullbak/core";
import { createLogUpdate } from "log-update";
import type { GlobalOptions } from "../session.js";
import type { FleetDisplay } from "./fleet-display.js";
import { hostVerdict } from "./host-verdict.js";
import { progressLine, type HostProgress } from "./progress-line.js";

/** How often the live view is redrawn, in ms: often enough to look alive, rarely enough to cost nothing. */
const REDRAW_EVERY_MS = 200;

/**
 * On a terminal: a live block at the bottom of stderr, one line per running
 * host (phase, files, bytes read, rate, current path) and an overall line
 * (hosts done / total), redrawn by log-update; log lines and each host's
 * end line scroll above it (issue #11). Every client string is escaped.
 */
export class TerminalDisplay implements FleetDisplay {
  readonly #running = new Map<string, HostProgress>();
  readonly #update;
  readonly #timer: NodeJS.Timeout;
  readonly #hostWidth: number;
  #done = 0;
  #notOk = 0;

  constructor(
    private readonly total: string[],
    private readonly options: GlobalOptions,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.#update = createLogUpdate(stream, { showCursor: true });
    this.#hostWidth = Math.max(...total.map((host) => host.length), 4);
    this.#timer = setInterval(() => this.#render(), REDRAW_EVERY_MS);
    this.#timer.unref();
  }

  #render(): void {
    const now = Date.now();
    const columns = this.stream.columns || 80;
    const lines = [...this.#running.values()].map((progress) => progressLine(progress, now, columns, this.#hostWidth));
    const failed = this.#notOk > 0 ? ` (${this.#notOk} not ok)` : "";
    lines.push(`pullbak: ${this.#done}/${this.total.length} hosts done${failed}, ${this.#running.size} running`);
    this.#update(lines.join("\n"));
  }

  /** A line that stays: written above the live block. */
  #persist(line: string): void {
    this.#update.clear();
    this.stream.write(`${line}\n`);
    this.#render();
  }

  logger(host: string): Logger {
    return {
      info: (message) => {
        if (!this.options.quiet) this.#persist(`${host}: ${escapeControlLines(message)}`);
      },
      warn: (message) => this.#persist(`${host}: warning: ${escapeControlLines(message)}`),
      debug: (message) => {
        if (this.options.verbose) this.#persist(`${host}: ${escapeControlLines(message)}`);
      },
      progress: (message: string, detail?: ProgressDetail) => {
        const progress = this.#running.get(host);
        if (!progress) return;
        if (detail) progress.detail = detail;
        else progress.message = escapeControl(message);
      },
    };
  }

  hostStarted(host: string, action: RunAction): void {
    this.#running.set(host, { host, phase: action, since: Date.now() });
    this.#render();
  }

  hostFinished(record: RunRecord): void {
    this.#running.delete(record.host);
    this.#done++;
    if (record.result !== "ok") this.#notOk++;
    this.#persist(hostVerdict(record));
  }

  close(): void {
    clearInterval(this.#timer);
    this.#render();
    this.#update.done();
  }
}
