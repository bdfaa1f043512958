/**
 * Reads back one value borg printed with Python's `!a` conversion
 * (`ascii()`): a quoted string whose every non-ASCII or unprintable
 * character is an escape (`\n`, `\xe9`, `\udce9`, `\U0001f600`), or a bare
 * integer. borg 1.2's `list` replaces the bytes of a name that are not UTF-8
 * by `?` everywhere (`remove_surrogates`) except the `bpath` key, and only
 * `{bpath!a}` reaches stdout byte-exact (borg writes stdout with
 * errors='replace'). The string returned keeps such a byte as the lone
 * surrogate U+DC80 + byte (surrogateescape, @pullbak/core path-bytes.ts).
 *
 * @throws Error on text that is not an ascii() literal.
 */
export function parsePythonAscii(text: string): string {
  if (/^-?\d+$/.test(text)) return text;
  const quote = text[0];
  if ((quote !== "'" && quote !== '"') || text.length < 2 || text.at(-1) !== quote) throw new Error(`not a Python ascii() literal: ${JSON.stringify(text)}`);
  const body = text.slice(1, -1);
  let out = "";
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index]!;
    if (char !== "\\") {
      out += char;
      continue;
    }
    const next = body[index + 1];
    const simple: Record<string, string> = { "\\": "\\", "'": "'", '"': '"', n: "\n", r: "\r", t: "\t" };
    if (next !== undefined && next in simple) {
      out += simple[next];
      index += 1;
      continue;
    }
    const width = next === "x" ? 2 : next === "u" ? 4 : next === "U" ? 8 : 0;
    const hex = body.slice(index + 2, index + 2 + width);
    if (width === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) throw new Error(`not a Python ascii() literal: ${JSON.stringify(text)}`);
    out += String.fromCodePoint(Number.parseInt(hex, 16));
    index += 1 + width;
  }
  return out;
}
