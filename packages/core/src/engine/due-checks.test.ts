import { describe, expect, it } from "vitest";
import { planChecks } from "./due-checks.js";

const WEEK = 7 * 24 * 3600;
const now = new Date("2026-03-10T00:00:00Z");
const schedule = [
  { name: "repository" as const, frequency: WEEK },
  { name: "data" as const, frequency: 4 * WEEK },
];

describe("which checks are due", () => {
  it("a check that never passed is due", () => {
    expect(planChecks(schedule, {}, now)).toEqual([
      { name: "repository", due: true },
      { name: "data", due: true },
    ]);
  });

  it("is due once its frequency has passed since it last passed, not before", () => {
    const state = { repository: new Date("2026-03-03T00:00:00Z"), data: new Date("2026-03-01T00:00:00Z") };
    expect(planChecks(schedule, state, now)).toEqual([
      { name: "repository", due: true },
      { name: "data", due: false, nextDue: new Date("2026-03-29T00:00:00Z") },
    ]);
    expect(planChecks(schedule, state, new Date("2026-03-02T23:59:59Z"))[0]).toMatchObject({ name: "repository", due: false });
  });

  it("--force runs all; --only narrows, even to a check the schedule leaves out", () => {
    const state = { repository: now, data: now };
    expect(planChecks(schedule, state, now, { force: true }).map((p) => p.due)).toEqual([true, true]);
    expect(planChecks(schedule, state, now, { only: "data" })).toEqual([{ name: "data", due: false, nextDue: new Date("2026-04-07T00:00:00Z") }]);
    expect(planChecks(schedule, state, now, { only: "archives" })).toEqual([{ name: "archives", due: true }]);
  });
});
