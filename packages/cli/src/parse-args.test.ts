import { isPullbakError } from "@pullbak/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { HelpShown, parseCommandArgs } from "./parse-args.js";

const options = { jobs: { type: "string", short: "j" }, json: { type: "boolean" } } as const;

describe("parseCommandArgs", () => {
  afterEach(() => vi.restoreAllMocks());

  it("COMMAND --help prints that command's usage and its own options, then stops the command", () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((text) => written.push(String(text)) > 0);
    expect(() => parseCommandArgs("run", ["--all", "--help"], options)).toThrow(HelpShown);
    expect(written.join("")).toMatch(/^Usage:\n  pullbak \[--config FILE\] run \[HOST\.\.\.\|--all\]/);
    expect(written.join("")).toMatch(/^ {2}-j, --jobs N +at most N hosts at once/m);
    expect(written.join("")).toMatch(/^ {2}--json +machine-readable result on stdout$/m);
  });

  it("a misspelt option is a usage error (exit 78) with a suggestion", () => {
    try {
      parseCommandArgs("run", ["--jbos", "2"], options);
      expect.unreachable();
    } catch (error) {
      expect(isPullbakError(error, "USAGE")).toBe(true);
      expect((error as Error).message).toBe('run: unknown option --jbos (did you mean "--jobs"?) (see pullbak run --help)');
    }
  });

  it("--help after -- is a positional, not a request for help", () => {
    expect(parseCommandArgs("restore", ["--", "--help"], {}).positionals).toEqual(["--help"]);
  });
});
