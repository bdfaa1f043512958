import { describe, expect, it } from "vitest";
import { resolveHost } from "./resolve-host.js";
import { configSchema } from "./schema.js";

const parse = (hosts: unknown, defaults: unknown = {}) => configSchema.safeParse({ version: 1, defaults, hosts });

describe("fullReadEvery in the config (issue 15)", () => {
  it("takes a number of runs or a duration; a host's own value (0: none) replaces the defaults'", () => {
    const parsed = parse({ a: { address: "a" }, b: { address: "b", fullReadEvery: "30 days" }, c: { address: "c", fullReadEvery: 0 } }, { fullReadEvery: 10 });
    expect(parsed.success).toBe(true);
    expect(resolveHost(parsed.data!, "a", "f").fullReadEvery).toEqual({ runs: 10 });
    expect(resolveHost(parsed.data!, "b", "f").fullReadEvery).toEqual({ seconds: 30 * 86_400 });
    expect(resolveHost(parsed.data!, "c", "f").fullReadEvery).toBeUndefined();
    expect(resolveHost(parse({ d: { address: "d" } }).data!, "d", "f").fullReadEvery).toBeUndefined();
  });

  it("refuses a fraction, a negative number and a string without a unit", () => {
    for (const bad of [2.5, -1, "30", "soon"]) expect(parse({ w: { address: "a", fullReadEvery: bad } }).success, String(bad)).toBe(false);
  });
});
