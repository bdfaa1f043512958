import { describe, expect, it } from "vitest";
import { escapeControl, escapeControlLines } from "./escape-control.js";

describe("escapeControl", () => {
  it("makes a title change, a screen clear, CR, C1 CSI and bidi overrides visible text", () => {
    const escaped = escapeControl("a\x1b]0;pwned\x07b\x1b[2Jc\rd\u009b31me\u202egnp.exe");
    expect(escaped).toBe("a\\x1b]0;pwned\\x07b\\x1b[2Jc\\x0dd\\x9b31me\\u202egnp.exe");
    expect(escaped).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202e]/);
  });

  it("keeps printable UTF-8 and backslashes", () => {
    expect(escapeControl("Grüße/日本語 é")).toBe("Grüße/日本語 é");
    expect(escapeControl("C:\\x")).toBe("C:\\x");
  });

  it("keeps line breaks of a multi-line message", () => {
    expect(escapeControlLines("one\x1b[2J\ntwo")).toBe("one\\x1b[2J\ntwo");
  });
});
