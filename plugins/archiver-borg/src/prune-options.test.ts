import { describe, expect, it } from "vitest";
import { archiveGlob } from "./archive-glob.js";
import { pruneDecisions } from "./prune-decisions.js";
import { keepOptions } from "./prune-archives.js";

describe("the host's archive names as a borg pattern", () => {
  it("matches the template's fixed parts literally and {now} as pullbak's UTC stamp", () => {
    expect(archiveGlob("{host}-{now}", "web1")).toBe("web1-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z");
  });

  it("wraps borg's pattern characters so they match only themselves", () => {
    expect(archiveGlob("nightly*[{host}]?", "db.1")).toBe("nightly[*][[]db.1][?]");
  });
});

describe("borg's keep options", () => {
  it("one option per rule set; keepWithin rounded up to whole hours", () => {
    expect(keepOptions({ keepWithin: 36 * 3600 + 1, keepDaily: 7, keepWeekly: 4, keepMonthly: 6, keepYearly: 0 })).toEqual([
      "--keep-within=37H",
      "--keep-daily=7",
      "--keep-weekly=4",
      "--keep-monthly=6",
    ]);
  });
});

describe("each archive's fate from borg prune --list", () => {
  const id = (n: number) => String(n).repeat(64);
  it("reads borg's rule per archive by id; unnamed archives are kept as outside or incomplete", () => {
    const archives = [
      { name: "web1-a", id: id(1), start: "2026-01-01T00:00:00.000Z" },
      { name: "web1-b", id: id(2), start: "2026-01-02T00:00:00.000Z" },
      { name: "web1-b.checkpoint", id: id(3), start: "2026-01-03T00:00:00.000Z" },
      { name: "web1-c.incomplete.checkpoint", id: id(4), start: "2026-01-04T00:00:00.000Z" },
      { name: "mine", id: id(5), start: "2026-01-05T00:00:00.000Z" },
    ];
    const lines = [
      `Keeping checkpoint archive:              web1-b.checkpoint   Sat, 2026-01-03 00:00:00 [${id(3)}]`,
      `Keeping archive (rule: daily[oldest] #2): web1-b            Fri, 2026-01-02 00:00:00 [${id(2)}]`,
      `Would prune:                             web1-a              Thu, 2026-01-01 00:00:00 [${id(1)}]`,
    ];
    expect(pruneDecisions(archives, lines)).toEqual([
      { archive: "mine", start: "2026-01-05T00:00:00.000Z", verdict: "keep", rule: "outside" },
      { archive: "web1-c.incomplete.checkpoint", start: "2026-01-04T00:00:00.000Z", verdict: "keep", rule: "incomplete" },
      { archive: "web1-b.checkpoint", start: "2026-01-03T00:00:00.000Z", verdict: "keep", rule: "checkpoint" },
      { archive: "web1-b", start: "2026-01-02T00:00:00.000Z", verdict: "keep", rule: "daily[oldest] #2" },
      { archive: "web1-a", start: "2026-01-01T00:00:00.000Z", verdict: "prune" },
    ]);
  });
});
