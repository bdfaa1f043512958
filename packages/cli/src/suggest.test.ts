import { describe, expect, it } from "vitest";
import { suggest } from "./suggest.js";

describe("suggest", () => {
  it("finds the command or option meant by a typo, and nothing for a stranger", () => {
    expect(suggest("rn", ["run", "init", "list", "status"])).toBe("run");
    expect(suggest("statsu", ["run", "status"])).toBe("status");
    expect(suggest("--jbos", ["--jobs", "--json", "--all"])).toBe("--jobs");
    expect(suggest("frobnicate", ["run", "init", "list"])).toBeUndefined();
  });
});
