import { PullbakError } from "@pullbak/core";
import { printResult } from "../output.js";
import { parseCommandArgs } from "../parse-args.js";
import { checkCalendars } from "../schedule/calendar-check.js";
import { cronLines } from "../schedule/cron-lines.js";
import { pullbakArgv } from "../schedule/pullbak-command-line.js";
import { scheduleGroups } from "../schedule/schedule-groups.js";
import { serviceUnit, timerUnit } from "../schedule/systemd-units.js";
import { staleTimers, writeUnitFile } from "../schedule/unit-files.js";
import { loadAll, type GlobalOptions } from "../session.js";

/** Where the admin's own units live (systemd.unit(5)). */
const DEFAULT_UNIT_DIR = "/etc/systemd/system";

/**
 * `schedule --systemd [--dir DIR] [--dry-run]`: a service and a timer per
 * schedule group; `schedule --cron`: crontab lines (issue #13). systemd or
 * cron does the waking; pullbak keeps no daemon.
 */
export async function scheduleCommand(args: string[], global: GlobalOptions): Promise<number> {
  const { values, positionals } = parseCommandArgs("schedule", args, {
    systemd: { type: "boolean" },
    cron: { type: "boolean" },
    dir: { type: "string" },
    "dry-run": { type: "boolean" },
  });
  if (positionals.length > 0) throw new PullbakError("USAGE", `schedule: unexpected ${positionals.join(" ")}; the hosts come from the config`);
  if (values.systemd === values.cron) throw new PullbakError("USAGE", "schedule: choose one of --systemd or --cron");
  if (values.cron && (values.dir !== undefined || values["dry-run"])) throw new PullbakError("USAGE", "schedule --cron only prints lines; --dir and --dry-run go with --systemd");
  const loaded = await loadAll(global);
  const groups = scheduleGroups(loaded.config, loaded.file);
  const argvOf = (group: (typeof groups)[number]) => pullbakArgv(loaded.file, group);
  if (values.cron) {
    for (const line of cronLines(groups, argvOf)) printResult(line);
    return 0;
  }
  const note = await checkCalendars(groups);
  if (note) process.stderr.write(`pullbak: warning: ${note}\n`);
  const units = groups.flatMap((group) => [
    { name: `${group.unit}.service`, text: serviceUnit(group, argvOf(group)) },
    { name: `${group.unit}.timer`, text: timerUnit(group) },
  ]);
  const dir = values.dir ?? DEFAULT_UNIT_DIR;
  if (values["dry-run"]) {
    for (const unit of units) printResult(`# ${dir}/${unit.name}\n${unit.text}`);
    return note ? 1 : 0;
  }
  for (const unit of units) printResult(`wrote ${await writeUnitFile(dir, unit.name, unit.text)}`);
  const timers = groups.map((group) => `${group.unit}.timer`);
  for (const stale of await staleTimers(dir, timers)) process.stderr.write(`pullbak: warning: ${dir}/${stale} is from an earlier schedule: systemctl disable --now ${stale}, then remove it and its .service\n`);
  printResult(`next: systemctl daemon-reload && systemctl enable --now ${timers.join(" ")}`);
  return note ? 1 : 0;
}
