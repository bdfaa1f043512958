import { describe, expect, it } from "vitest";
import { cronFields, cronLines } from "./cron-lines.js";
import { systemdWord } from "./systemd-units.js";

describe("cronFields", () => {
  it.each([
    ["daily", "0 0 * * *"],
    ["weekly", "0 0 * * 1"],
    ["hourly", "0 * * * *"],
    ["02:30", "30 2 * * *"],
    ["*-*-* 04:05:00", "5 4 * * *"],
    ["Mon..Fri *-*-* 02:30", "30 2 * * 1-5"],
    ["Sat,Sun 23:00", "0 23 * * 6,0"],
  ])("%s is %s", (schedule, fields) => {
    expect(cronFields(schedule)).toBe(fields);
  });

  it.each(["*-*-* 02:30:15", "Mon *-*-01 02:00", "25:00", "every day", "*:0/15"])("%s has no exact crontab form", (schedule) => {
    expect(cronFields(schedule)).toBeUndefined();
  });

  it("refuses a word that a crontab's shell would need quoted", () => {
    const group = { schedule: "daily", hosts: ["web1"], unit: "pullbak", all: true };
    expect(() => cronLines([group], () => ["/usr/bin/node", "/opt/my pullbak/bin.js"])).toThrow(/would need shell quoting/);
    expect(() => cronLines([group], () => ["/usr/bin/node", "/opt/50%/bin.js"])).toThrow(/would need shell quoting/);
  });
});

describe("systemdWord", () => {
  it("doubles % and $ and quotes white space", () => {
    expect(systemdWord("/etc/pullbak/pullbak.yaml")).toBe("/etc/pullbak/pullbak.yaml");
    expect(systemdWord("/etc/pull bak/50%.yaml")).toBe('"/etc/pull bak/50%%.yaml"');
    expect(systemdWord("/etc/$HOME")).toBe('"/etc/$$HOME"');
    expect(systemdWord('/a"b\\c')).toBe('"/a\\"b\\\\c"');
  });
});
