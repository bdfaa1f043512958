import { escapeControlLines } from "@pullbak/core";

/**
 * Results go to stdout (so they can be piped); logs and errors go to stderr.
 * Text is escaped: a result may hold a client's file names (issue #11).
 */
export function printResult(text: string): void {
  const safe = escapeControlLines(text);
  process.stdout.write(safe.endsWith("\n") ? safe : `${safe}\n`);
}

/**
 * JSON on stdout. JSON.stringify already escapes C0 controls; DEL, the C1
 * controls and the bidi/invisible marks are escaped too (`\u009b`), which
 * decodes to the same string but cannot act on a terminal.
 */
export function printJson(value: unknown): void {
  const text = JSON.stringify(value, null, 2).replace(/[\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/gu, (char) => `\\u${char.codePointAt(0)!.toString(16).padStart(4, "0")}`);
  process.stdout.write(`${text}\n`);
}
