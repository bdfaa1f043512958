import { describe, expect, it } from "vitest";
import { resolveHost } from "./resolve-host.js";
import { configSchema } from "./schema.js";

const parse = (hosts: unknown, defaults: unknown = {}) => configSchema.safeParse({ version: 1, defaults, hosts });

describe("retention and checks in the config (issue 12)", () => {
  it("take durations in words and replace the defaults' whole", () => {
    const parsed = parse(
      { web1: { address: "a", retention: { keepDaily: 3 } }, web2: { address: "b" } },
      { retention: { keepWithin: "2d", keepWeekly: 4 }, checks: [{ name: "data", frequency: "3 months" }] },
    );
    expect(parsed.success).toBe(true);
    const config = parsed.data!;
    expect(resolveHost(config, "web1", "f").retention).toEqual({ keepDaily: 3 });
    expect(resolveHost(config, "web2", "f").retention).toEqual({ keepWithin: 172800, keepWeekly: 4 });
    expect(resolveHost(config, "web2", "f").checks).toEqual([{ name: "data", frequency: Math.round(3 * 30.4375 * 86400) }]);
  });

  it("refuse an empty policy, an unknown rule or check, a check twice", () => {
    expect(parse({ w: { address: "a", retention: {} } }).success).toBe(false);
    expect(parse({ w: { address: "a", retention: { keepLast: 3 } } }).success).toBe(false);
    expect(parse({ w: { address: "a", checks: [{ name: "extract", frequency: "1w" }] } }).success).toBe(false);
    expect(parse({ w: { address: "a", checks: [{ name: "data", frequency: "1w" }, { name: "data", frequency: "2w" }] } }).success).toBe(false);
  });

  it("leave a host without retention unpruned", () => {
    expect(resolveHost(parse({ w: { address: "a" } }).data!, "w", "f").retention).toBeUndefined();
  });
});
