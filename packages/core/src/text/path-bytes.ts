/**
 * A client path is bytes (POSIX names are any bytes but `/` and NUL); pullbak
 * carries it as a JS string the way borg and Python do, "surrogateescape"
 * (PEP 383): valid UTF-8 decodes to its characters, and each byte that is not
 * part of valid UTF-8 becomes the lone surrogate U+DC80 + byte. Every byte
 * string has exactly one such spelling and back (issue 15: a latin-1 name
 * `caf\xe9` is `caf\udce9`, never `caf\ufffd`).
 *
 * Node's own conversions (argv, fs paths given as strings, stdin text) write
 * a lone surrogate as U+FFFD: such a path must reach them as bytes
 * (`pathToBytes`), or, for borg, as an ASCII pattern (archiver-borg's
 * path-patterns.ts).
 */

/** Bytes -> pullbak's path string (surrogateescape decoding, as Python's os.fsdecode). */
export function pathFromBytes(bytes: Uint8Array): string {
  let out = "";
  let index = 0;
  while (index < bytes.length) {
    const length = utf8SequenceLength(bytes, index);
    if (length === 0) {
      out += String.fromCharCode(0xdc00 + bytes[index]!);
      index += 1;
    } else {
      out += Buffer.from(bytes.subarray(index, index + length)).toString("utf8");
      index += length;
    }
  }
  return out;
}

/** The length of the valid UTF-8 sequence at `index` (1-4), or 0 when the byte there starts none (Python's strict decoder: no overlongs, no surrogates, nothing above U+10FFFF). */
function utf8SequenceLength(bytes: Uint8Array, index: number): number {
  const first = bytes[index]!;
  if (first < 0x80) return 1;
  const cont = (offset: number, low = 0x80, high = 0xbf) => {
    const byte = bytes[index + offset];
    return byte !== undefined && byte >= low && byte <= high;
  };
  if (first >= 0xc2 && first <= 0xdf) return cont(1) ? 2 : 0;
  if (first === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if (first === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (first >= 0xe1 && first <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (first === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (first >= 0xf1 && first <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (first === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/** pullbak's path string -> the bytes it names (surrogateescape encoding). A lone surrogate outside U+DC80-U+DCFF has no byte and is written as U+FFFD. */
export function pathToBytes(path: string): Buffer {
  const parts: Buffer[] = [];
  let run = "";
  for (const char of path) {
    const code = char.codePointAt(0)!;
    if (code >= 0xdc80 && code <= 0xdcff) {
      if (run) parts.push(Buffer.from(run, "utf8"));
      run = "";
      parts.push(Buffer.of(code - 0xdc00));
    } else {
      run += char;
    }
  }
  if (run) parts.push(Buffer.from(run, "utf8"));
  return Buffer.concat(parts);
}

/** True when the path holds a byte that is not UTF-8 (a lone surrogate), so Node cannot pass it on as a string. */
export function hasRawBytes(path: string): boolean {
  // With the u flag a surrogate pair is one code point: only lone surrogates match.
  return /[\ud800-\udfff]/u.test(path);
}

/**
 * Splits a NUL-separated list (`find -print0`, `--paths-from FILE --null`)
 * into paths, each byte kept (surrogateescape); empty items are dropped.
 */
export function pathsFromNulList(bytes: Uint8Array): string[] {
  const paths: string[] = [];
  let start = 0;
  for (let index = 0; index <= bytes.length; index += 1) {
    if (index === bytes.length || bytes[index] === 0) {
      if (index > start) paths.push(pathFromBytes(bytes.subarray(start, index)));
      start = index + 1;
    }
  }
  return paths;
}
