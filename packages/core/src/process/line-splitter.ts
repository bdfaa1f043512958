/** Feeds complete lines to `onLine` from chunks that may split them anywhere; \r also ends a line (progress output). */
export function lineSplitter(onLine: (line: string) => void): { push(chunk: Buffer | string): void; end(): void } {
  let pending = "";
  return {
    push(chunk) {
      pending += chunk.toString();
      const parts = pending.split(/\r\n|\n|\r/);
      pending = parts.pop() ?? "";
      for (const line of parts) if (line !== "") onLine(line);
    },
    end() {
      if (pending !== "") onLine(pending);
      pending = "";
    },
  };
}
