import { execa } from "execa";
import { PullbakError } from "@pullbak/core";
import type { ScheduleGroup } from "./schedule-groups.js";

/**
 * Asks systemd itself whether each schedule is a calendar expression
 * (`systemd-analyze calendar EXPR`), rather than parsing it here. Where
 * systemd-analyze is missing the check is skipped and says so: systemd
 * refuses a bad OnCalendar= when it loads the timer anyway.
 * @returns a note when the check could not run
 * @throws PullbakError CONFIG_INVALID naming the schedule and its hosts
 */
export async function checkCalendars(groups: readonly ScheduleGroup[]): Promise<string | undefined> {
  for (const group of groups) {
    const result = await execa("systemd-analyze", ["calendar", "--", group.schedule], { reject: false, stdin: "ignore", env: { LANG: "C.UTF-8", SYSTEMD_COLORS: "0" }, timeout: 10_000 });
    if (result.failed && (result as { code?: string }).code === "ENOENT") return "systemd-analyze was not found: the schedules were not checked";
    if (result.exitCode !== 0) {
      const reason = String(result.stderr).trim().split("\n").at(-1) ?? "refused";
      throw new PullbakError("CONFIG_INVALID", `schedule ${JSON.stringify(group.schedule)} (hosts ${group.hosts.join(", ")}) is not a systemd calendar expression: ${reason}`);
    }
  }
  return undefined;
}
