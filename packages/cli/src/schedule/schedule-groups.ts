import { hostNames, resolveHost, type PullbakConfig } from "@pullbak/core";

/** systemd's own word for "once a day at midnight", the schedule of a host that sets none. */
export const DEFAULT_SCHEDULE = "daily";

/** Hosts that share one `schedule:`, woken by one timer. */
export interface ScheduleGroup {
  /** systemd calendar expression as written in the config. */
  schedule: string;
  hosts: string[];
  /** Unit name without suffix: `pullbak` for a fleet on one schedule, else `pullbak-<schedule slug>`. */
  unit: string;
  /** True when the group is the whole fleet, so the unit runs `run --all` and picks up hosts added later. */
  all: boolean;
}

function slug(schedule: string): string {
  return schedule.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40) || "schedule";
}

/**
 * Groups the config's hosts by their `schedule:` (issue #13), in config
 * order. One group for the whole fleet keeps the plain names
 * `pullbak.service` / `pullbak.timer`.
 */
export function scheduleGroups(config: PullbakConfig, file: string): ScheduleGroup[] {
  const bySchedule = new Map<string, string[]>();
  for (const name of hostNames(config)) {
    const schedule = resolveHost(config, name, file).schedule ?? DEFAULT_SCHEDULE;
    bySchedule.set(schedule, [...(bySchedule.get(schedule) ?? []), name]);
  }
  if (bySchedule.size <= 1) {
    const [schedule, hosts] = [...bySchedule.entries()][0] ?? [config.defaults?.schedule ?? DEFAULT_SCHEDULE, []];
    return [{ schedule, hosts, unit: "pullbak", all: true }];
  }
  const used = new Set<string>();
  return [...bySchedule.entries()].map(([schedule, hosts]) => {
    let unit = `pullbak-${slug(schedule)}`;
    for (let n = 2; used.has(unit); n++) unit = `pullbak-${slug(schedule)}-${n}`;
    used.add(unit);
    return { schedule, hosts, unit, all: false };
  });
}
