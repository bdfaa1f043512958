import type { ScheduleGroup } from "./schedule-groups.js";

/** Seconds a timer's start is spread over, so a fleet of backup servers does not wake at one instant. */
export const RANDOMIZED_DELAY = "30min";

/**
 * One argv word for ExecStart=: systemd splits on white space and honours
 * double quotes with C escapes, and expands `%` specifiers and `$` variables,
 * so both are doubled (systemd.service(5), "Command lines").
 */
export function systemdWord(word: string): string {
  const escaped = word.replaceAll("%", "%%").replaceAll("$", "$$$$");
  return /^[A-Za-z0-9_@+=:,./-]+$/.test(escaped) ? escaped : `"${escaped.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/**
 * The service's sandbox: what a backup run can do without. Each setting
 * leaves pullbak able to mount (sshfs/FUSE, bind, overlay), chroot and make
 * mount and PID namespaces; docs/scheduling.md says why each one is safe
 * and which usual ones are left out on purpose.
 */
const sandbox = [
  "# Sandbox: leaves pullbak able to mount (FUSE, bind, overlay), chroot and unshare; see docs/scheduling.md.",
  "ProtectSystem=full",
  "ProtectHome=read-only",
  "PrivateTmp=yes",
  "ProtectControlGroups=yes",
  "ProtectKernelLogs=yes",
  "ProtectHostname=yes",
  "LockPersonality=yes",
  "RestrictRealtime=yes",
  "NoNewPrivileges=yes",
  "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK",
  "UMask=0077",
];

/** `<unit>.service`: one oneshot run of pullbak at low CPU and I/O priority. */
export function serviceUnit(group: ScheduleGroup, argv: readonly string[]): string {
  const what = group.all ? "all hosts" : group.hosts.join(", ");
  return [
    "# Written by `pullbak schedule --systemd`; rerun it after changing schedules or hosts.",
    "[Unit]",
    `Description=pullbak backup of ${what}`,
    "Wants=network-online.target",
    "After=network-online.target",
    "",
    "[Service]",
    "Type=oneshot",
    `ExecStart=${argv.map(systemdWord).join(" ")}`,
    "# pullbak exits 1 for a run that finished with warnings: done, not a failed unit.",
    "SuccessExitStatus=1",
    "# pullbak unwinds mounts on SIGTERM; borg gets 60 s for its checkpoint, teardown the rest.",
    "KillSignal=SIGTERM",
    "TimeoutStopSec=5min",
    "# Backups yield to everything else on the server.",
    "Nice=19",
    "CPUSchedulingPolicy=batch",
    "IOSchedulingClass=idle",
    ...sandbox,
    "",
  ].join("\n");
}

/** `<unit>.timer`: wakes the service at `schedule`, catching up on a missed run after downtime. */
export function timerUnit(group: ScheduleGroup): string {
  return [
    "# Written by `pullbak schedule --systemd`; rerun it after changing schedules or hosts.",
    "[Unit]",
    `Description=pullbak backups (${group.all ? "all hosts" : group.hosts.join(", ")}) at ${group.schedule}`,
    "",
    "[Timer]",
    `OnCalendar=${group.schedule}`,
    "# A run missed while the server was off happens at the next boot.",
    "Persistent=true",
    `RandomizedDelaySec=${RANDOMIZED_DELAY}`,
    `Unit=${group.unit}.service`,
    "",
    "[Install]",
    "WantedBy=timers.target",
    "",
  ].join("\n");
}
