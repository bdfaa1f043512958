/** Keeps the last `limit` characters of a stream: enough for an error message, bounded for a multi-GB run. */
export class TailBuffer {
  #text = "";
  constructor(private readonly limit = 64 * 1024) {}

  push(chunk: Buffer | string): void {
    this.#text += chunk.toString();
    if (this.#text.length > this.limit * 2) this.#text = this.#text.slice(-this.limit);
  }

  toString(): string {
    return this.#text.slice(-this.limit);
  }
}
