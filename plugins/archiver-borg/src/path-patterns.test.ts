import type { Runner } from "@pullbak/core";
import { describe, expect, it } from "vitest";
import { parseEntryLine } from "./list-files.js";
import { exactExcludes, pathSelection } from "./path-patterns.js";
import { parsePythonAscii } from "./python-ascii.js";

const runner = { clientPath: (path: string) => path.replace(/^\/+/, "") || "." } as unknown as Runner;

describe("paths with bytes that are not UTF-8, to and from borg (issue 15)", () => {
  it("keeps plain paths as borg's positional PATHs", () => {
    expect(pathSelection(runner, ["/srv/new\nline", "/srv/café"])).toEqual({ options: [], positionals: ["srv/new\nline", "srv/café"] });
  });

  it("turns every path into an ASCII include pattern once one holds a raw byte", () => {
    const selection = pathSelection(runner, ["/srv/caf\udce9", "/srv/a.b"]);
    expect(selection.positionals).toEqual([]);
    expect(selection.options).toEqual(["--pattern", "+re:\\Asrv/caf\\udce9(?:/|\\Z)", "--pattern", "+re:\\Asrv/a\\u002eb(?:/|\\Z)", "--pattern=-re:\\A"]);
    expect(selection.options.join("")).toMatch(/^[\x20-\x7e]*$/);
  });

  it("excludes exactly, as pf: or as an anchored regex", () => {
    expect(exactExcludes(["/srv/c", "/srv/\udce9"])).toEqual(["--exclude", "pf:srv/c", "--pattern=-re:\\Asrv/\\udce9\\Z"]);
  });

  it("reads Python's ascii() back, quotes, escapes and lone surrogates included", () => {
    expect(parsePythonAscii(`'srv/it\\'s "q" \\\\ \\xe9\\x01\\udce9\\U0001f600\\n'`)).toBe(`srv/it's "q" \\ é\u0001\udce9😀\n`);
    expect(parsePythonAscii(`"it's"`)).toBe("it's");
    expect(parsePythonAscii("4242")).toBe("4242");
    expect(() => parsePythonAscii("caf?")).toThrow(/ascii/);
  });

  it("parses a list line, a name with a newline staying one entry", () => {
    expect(parseEntryLine("'srv/new\\nline'\t-rw-r--r--\t0\t0\t'root'\t4242\t1\t2026-11-29T17:58:46.469245\t''")).toEqual({
      path: "srv/new\nline",
      mode: "-rw-r--r--",
      user: "root",
      group: "4242",
      uid: 0,
      gid: 0,
      size: 1,
      mtime: "2026-11-29T17:58:46.469245",
    });
  });
});
