import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "./main.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the command word", () => {
  it("a name every object has (constructor, toString) is an unknown command, not a crash", async () => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    for (const name of ["constructor", "toString", "__proto__"]) {
      expect(await main([name])).toBe(78);
      expect(String(stderr.mock.calls.at(-1)?.[0])).toMatch(new RegExp(`^pullbak: unknown command "${name}"; commands: run, `));
    }
  });

  it("`help NAME` loads that command and shows its help", async () => {
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    expect(await main(["help", "status"])).toBe(0);
    expect(String(stdout.mock.calls[0]?.[0])).toMatch(/^Usage:\n  pullbak \[--config FILE\] status/);
  });
});
