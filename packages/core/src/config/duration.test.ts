import { describe, expect, it } from "vitest";
import { durationSchema, parseDuration } from "./duration.js";

describe("durations", () => {
  it("reads the units admins write", () => {
    expect(parseDuration("26h")).toBe(93_600);
    expect(parseDuration("2 weeks")).toBe(1_209_600);
    expect(parseDuration("1d 12h")).toBe(129_600);
    expect(parseDuration("90s")).toBe(90);
    expect(parseDuration("3 months")).toBe(7_889_400);
  });

  it("refuses a string without a unit, nonsense and negative spans", () => {
    expect(parseDuration("10")).toBeUndefined();
    expect(parseDuration("soon")).toBeUndefined();
    expect(parseDuration("-1h")).toBeUndefined();
  });

  it("takes a bare number as seconds and says what it expected otherwise", () => {
    expect(durationSchema.parse(3600)).toBe(3600);
    expect(durationSchema.parse("1h")).toBe(3600);
    const failure = durationSchema.safeParse("later");
    expect(failure.success).toBe(false);
    expect(JSON.stringify(failure.error?.issues)).toContain('expected a duration such as');
  });
});
