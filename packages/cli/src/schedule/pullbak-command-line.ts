import { isAbsolute, resolve } from "node:path";
import type { ScheduleGroup } from "./schedule-groups.js";

/**
 * The argv a timer or cron job runs: this node, this pullbak, this config,
 * all absolute (a unit's PATH is not the admin's shell's), then `run --all`
 * for the whole fleet or `run HOST...` for one schedule's hosts.
 */
export function pullbakArgv(configFile: string, group: ScheduleGroup, program = { node: process.execPath, script: process.argv[1] ?? "pullbak" }): string[] {
  const script = isAbsolute(program.script) ? program.script : resolve(program.script);
  return [program.node, script, "--config", resolve(configFile), "run", ...(group.all ? ["--all"] : group.hosts)];
}
