import type { Logger } from "../contracts/logger.js";

/** Lines `recent` can return. */
const RECENT_LINES = 200;

/**
 * Logs to stderr so stdout stays for results (`--json`). Progress lines
 * overwrite each other on a terminal and are dropped from plain logs (cron
 * mail, journald) where they would be noise.
 */
export class ConsoleLogger implements Logger {
  #progressShown = false;
  /** The last lines written, for `recent` (a failure report's body). */
  readonly #recent: string[] = [];

  constructor(
    private readonly prefix: string,
    private readonly options: { verbose?: boolean; stream?: NodeJS.WriteStream } = {},
  ) {}

  get #stream(): NodeJS.WriteStream {
    return this.options.stream ?? process.stderr;
  }

  #line(text: string): void {
    if (this.#progressShown) this.#stream.write("\r\x1b[K");
    this.#progressShown = false;
    this.#stream.write(`${this.prefix}${text}\n`);
    this.#recent.push(text);
    if (this.#recent.length > RECENT_LINES) this.#recent.shift();
  }

  recent(count: number): string[] {
    return this.#recent.slice(-count);
  }

  info(message: string): void {
    this.#line(message);
  }

  warn(message: string): void {
    this.#line(`warning: ${message}`);
  }

  debug(message: string): void {
    if (this.options.verbose) this.#line(message);
  }

  progress(message: string): void {
    if (!this.#stream.isTTY) return;
    const width = (this.#stream.columns ?? 80) - 1;
    this.#stream.write(`\r\x1b[K${(this.prefix + message).slice(0, width)}`);
    this.#progressShown = true;
  }
}
