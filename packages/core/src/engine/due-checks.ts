import type { CheckName, CheckSchedule } from "../config/schema.js";
import type { CheckState } from "./check-state.js";

/** A configured check and whether it runs now. */
export interface CheckPlan {
  name: CheckName;
  due: boolean;
  /** When it is next due (absent: due now). */
  nextDue?: Date;
}

/**
 * Which checks run now: a check is due when it never passed or `frequency`
 * seconds have passed since it last did. `force` runs them all; `only`
 * narrows to one name, which need not be configured (a forced on-demand
 * check of a part the schedule leaves out).
 */
export function planChecks(schedule: readonly CheckSchedule[], state: CheckState, now: Date, options: { only?: CheckName; force?: boolean } = {}): CheckPlan[] {
  const chosen = options.only ? schedule.filter((c) => c.name === options.only) : [...schedule];
  if (options.only && chosen.length === 0) chosen.push({ name: options.only, frequency: 0 });
  return chosen.map((check) => {
    const last = state[check.name];
    if (options.force || !last) return { name: check.name, due: true };
    const nextDue = new Date(last.getTime() + check.frequency * 1000);
    return nextDue.getTime() <= now.getTime() ? { name: check.name, due: true } : { name: check.name, due: false, nextDue };
  });
}
