import { describe, expect, it } from "vitest";
import { escapeControl } from "./escape-control.js";
import { hasRawBytes, pathFromBytes, pathsFromNulList, pathToBytes } from "./path-bytes.js";

describe("client paths as bytes (issue 15)", () => {
  it("keeps a byte that is not UTF-8 as U+DC80 + byte, as Python's surrogateescape", () => {
    const latin1 = Buffer.from([0x2f, 0x63, 0x61, 0x66, 0xe9]);
    expect(pathFromBytes(latin1)).toBe("/caf\udce9");
    expect(pathToBytes("/caf\udce9")).toEqual(latin1);
    expect(hasRawBytes("/caf\udce9")).toBe(true);
  });

  it("round-trips valid UTF-8, emoji and invalid sequences alike", () => {
    for (const bytes of [Buffer.from("/café/😀\n"), Buffer.from([0xed, 0xa0, 0x80, 0xc0, 0xaf, 0xf4, 0x90, 0x80, 0x80, 0xe2, 0x82])]) {
      expect(pathToBytes(pathFromBytes(bytes))).toEqual(bytes);
    }
    expect(pathFromBytes(Buffer.from("/café/😀"))).toBe("/café/😀");
    expect(hasRawBytes("/café/😀")).toBe(false);
  });

  it("splits a NUL-separated list, newlines kept inside names, empty items dropped", () => {
    const list = Buffer.concat([Buffer.from("/a\nb\0"), Buffer.from([0x2f, 0xe9, 0]), Buffer.from("\0/c")]);
    expect(pathsFromNulList(list)).toEqual(["/a\nb", "/\udce9", "/c"]);
  });

  it("shows such a byte as \\xNN on a terminal", () => {
    expect(escapeControl("/caf\udce9/new\nline")).toBe("/caf\\xe9/new\\x0aline");
  });
});
