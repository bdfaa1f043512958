/**
 * C0 controls (ESC, BEL, CR, LF, backspace...), DEL, the C1 controls
 * (U+0080-U+009F: a lone U+009B is a CSI to many terminals), and the Unicode
 * marks that reorder or hide text (bidi overrides and isolates, zero-width
 * characters, line/paragraph separators), and lone surrogates: a byte of a
 * client name that is not UTF-8 (U+DC80 + byte, see path-bytes.ts) is shown
 * as that byte, `\xe9` (issue 15).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff]/gu;

/**
 * Makes a string safe to print on a terminal or in a log line: every control
 * character or escape sequence a hostile client may put in a file name, link
 * target, archive name or message (issue #11: `\e]0;title\a`, `\e[2J`, a CR that
 * hides the start of a line) is written as a visible `\xNN` / `\uNNNN` escape,
 * so it cannot move the cursor, change the title or hide lines. Printable
 * text, UTF-8 letters and backslashes included, is kept as it is (a name that
 * spells `\x1b` reads like an escaped ESC; that costs clarity, never safety,
 * and keeps paths, patterns and key lines in messages intact).
 */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const code = char.codePointAt(0)!;
    if (code >= 0xdc80 && code <= 0xdcff) return `\\x${(code - 0xdc00).toString(16).padStart(2, "0")}`;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** `escapeControl` for a multi-line message: each line escaped, the line breaks kept. */
export function escapeControlLines(text: string): string {
  return text.split("\n").map(escapeControl).join("\n");
}

/**
 * Client paths for one line of a message, each escaped on its own, so a
 * newline in a name (issue 15) cannot split the line the way
 * `escapeControlLines` would keep it.
 */
export function pathList(paths: readonly string[], separator = ", "): string {
  return paths.map(escapeControl).join(separator);
}
