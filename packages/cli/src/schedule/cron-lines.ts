import { PullbakError } from "@pullbak/core";
import type { ScheduleGroup } from "./schedule-groups.js";

/** systemd's shorthand words and the crontab fields that mean the same (systemd.time(7)). */
const shorthands: Record<string, string> = {
  minutely: "* * * * *",
  hourly: "0 * * * *",
  daily: "0 0 * * *",
  weekly: "0 0 * * 1",
  monthly: "0 0 1 * *",
  yearly: "0 0 1 1 *",
  annually: "0 0 1 1 *",
};

const weekdays: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

function weekday(name: string): number | undefined {
  return weekdays[name.slice(0, 3).toLowerCase()];
}

/** `Mon,Wed..Fri` as crontab's `1,3-5`, or undefined. */
function weekdayField(text: string): string | undefined {
  const parts = text.split(",").map((part) => {
    const [from, to, extra] = part.split("..");
    if (extra !== undefined || !from) return undefined;
    const a = weekday(from);
    if (a === undefined) return undefined;
    if (to === undefined) return String(a);
    const b = weekday(to);
    return b === undefined ? undefined : `${a}-${b}`;
  });
  return parts.every((p) => p !== undefined) ? parts.join(",") : undefined;
}

/**
 * The crontab fields for the few calendar expressions that have an exact
 * one: systemd's shorthands, `HH:MM[:00]`, `*-*-* HH:MM[:00]` and
 * `WEEKDAYS *-*-* HH:MM[:00]` (weekday names, lists and `..` ranges).
 * This is a translation of those forms only, not a calendar or cron
 * parser; anything else is refused so the admin writes the line.
 */
export function cronFields(schedule: string): string | undefined {
  const text = schedule.trim();
  const shorthand = shorthands[text.toLowerCase()];
  if (shorthand) return shorthand;
  const match = /^(?:([A-Za-z.,]+)\s+)?(?:\*-\*-\*\s+)?(\d{1,2}):(\d{2})(?::00)?$/.exec(text);
  if (!match) return undefined;
  const [, days, hour, minute] = match;
  if (Number(hour) > 23 || Number(minute) > 59) return undefined;
  const dow = days === undefined ? "*" : weekdayField(days);
  if (dow === undefined) return undefined;
  return `${Number(minute)} ${Number(hour)} * * ${dow}`;
}

/** A crontab line is read by /bin/sh: only words that need no quoting at all are let through. */
function cronWord(word: string): string {
  if (!/^[A-Za-z0-9_@+=:,./-]+$/.test(word)) {
    throw new PullbakError("USAGE", `schedule --cron: ${JSON.stringify(word)} would need shell quoting in a crontab line; use a path of letters, digits and ._-/ or --systemd`);
  }
  return word;
}

/**
 * Lines for root's crontab (`crontab -e`), one per schedule group, each
 * under `nice -n 19 ionice -c 3` for low CPU and I/O priority. cron has no
 * catch-up after downtime nor random delay: systemd timers do (docs/scheduling.md).
 * @throws PullbakError USAGE for a schedule with no exact crontab form
 */
export function cronLines(groups: readonly ScheduleGroup[], argvOf: (group: ScheduleGroup) => string[]): string[] {
  const lines = ["# pullbak backups, written by `pullbak schedule --cron` (for root's crontab)"];
  for (const group of groups) {
    const fields = cronFields(group.schedule);
    if (!fields) {
      throw new PullbakError(
        "USAGE",
        `schedule --cron: ${JSON.stringify(group.schedule)} (hosts ${group.hosts.join(", ")}) has no exact crontab form here; use a shorthand (daily, weekly...), "HH:MM", "Mon..Fri *-*-* HH:MM", or --systemd`,
      );
    }
    lines.push(`# ${group.all ? "all hosts" : group.hosts.join(" ")}: ${group.schedule}`);
    lines.push(`${fields} ${["nice", "-n", "19", "ionice", "-c", "3", ...argvOf(group)].map(cronWord).join(" ")}`);
  }
  return lines;
}
