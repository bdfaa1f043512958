/**
 * `pullbak schedule` (issue #13): the systemd units it writes pass
 * `systemd-analyze verify` and carry the settings a nightly backup needs
 * (catch-up, random delay, low priority, a sandbox that still lets pullbak
 * mount and chroot); hosts with their own `schedule:` get their own timer;
 * `--cron` prints crontab lines; a schedule systemd refuses is a config error.
 */
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { PULLBAK_BIN, pullbak } from "./support/pullbak.js";

/** A unit file's settings by section; a key set twice keeps both values. */
function unitSettings(text: string): Record<string, Record<string, string[]>> {
  const sections: Record<string, Record<string, string[]>> = {};
  let current: Record<string, string[]> = {};
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = sections[header[1]!] ??= {};
      continue;
    }
    const at = line.indexOf("=");
    (current[line.slice(0, at)] ??= []).push(line.slice(at + 1));
  }
  return sections;
}

async function verify(dir: string): Promise<{ exitCode: number; stderr: string }> {
  const files = (await readdir(dir)).map((name) => join(dir, name));
  const result = await execa("systemd-analyze", ["verify", ...files], { reject: false, env: { SYSTEMD_LOG_COLOR: "0" } });
  return { exitCode: result.exitCode ?? -1, stderr: String(result.stderr) };
}

describe("pullbak schedule", () => {
  let dir: string;
  let fleetConfig: string;
  let groupedConfig: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "pullbak-schedule-"));
    const config = (hosts: Record<string, unknown>, defaults: Record<string, unknown> = {}) => JSON.stringify({ version: 1, stateDir: join(dir, "state"), defaults, hosts });
    fleetConfig = join(dir, "fleet.yaml");
    await writeFile(fleetConfig, config({ web1: { address: "192.0.2.1" }, web2: { address: "192.0.2.2" } }, { schedule: "*-*-* 01:30" }));
    groupedConfig = join(dir, "grouped.yaml");
    await writeFile(groupedConfig, config({ web1: { address: "192.0.2.1" }, db1: { address: "192.0.2.3", schedule: "Mon..Fri *-*-* 02:30" }, web2: { address: "192.0.2.2" } }));
  });

  it("one schedule for the fleet: pullbak.service and pullbak.timer that pass systemd-analyze verify", async () => {
    const units = join(dir, "fleet-units");
    const result = await pullbak(["--config", fleetConfig, "schedule", "--systemd", "--dir", units]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain("next: systemctl daemon-reload && systemctl enable --now pullbak.timer");
    expect((await readdir(units)).sort()).toEqual(["pullbak.service", "pullbak.timer"]);
    const verified = await verify(units);
    expect(verified, verified.stderr).toEqual({ exitCode: 0, stderr: "" });

    const timer = unitSettings(await readFile(join(units, "pullbak.timer"), "utf8"));
    expect(timer.Timer).toEqual({ OnCalendar: ["*-*-* 01:30"], Persistent: ["true"], RandomizedDelaySec: ["30min"], Unit: ["pullbak.service"] });
    expect(timer.Install).toEqual({ WantedBy: ["timers.target"] });

    const service = unitSettings(await readFile(join(units, "pullbak.service"), "utf8")).Service!;
    expect(service.ExecStart).toEqual([`${process.execPath} ${PULLBAK_BIN} --config ${fleetConfig} run --all`]);
    expect(service).toMatchObject({
      Type: ["oneshot"],
      SuccessExitStatus: ["1"],
      Nice: ["19"],
      CPUSchedulingPolicy: ["batch"],
      IOSchedulingClass: ["idle"],
      ProtectSystem: ["full"],
      ProtectHome: ["read-only"],
      PrivateTmp: ["yes"],
      NoNewPrivileges: ["yes"],
    });
    // What would stop pullbak from mounting, chrooting or unsharing is left out on purpose (docs/scheduling.md).
    for (const key of ["PrivateDevices", "RestrictNamespaces", "SystemCallFilter", "CapabilityBoundingSet", "ProtectKernelModules", "PrivateUsers", "ProtectClock", "MemoryDenyWriteExecute", "RestrictSUIDSGID"]) {
      expect(service[key], key).toBeUndefined();
    }
  });

  it("hosts with their own schedule get their own timer and service, running only them", async () => {
    const units = join(dir, "grouped-units");
    const result = await pullbak(["--config", groupedConfig, "schedule", "--systemd", "--dir", units]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect((await readdir(units)).sort()).toEqual(["pullbak-daily.service", "pullbak-daily.timer", "pullbak-mon-fri-02-30.service", "pullbak-mon-fri-02-30.timer"]);
    const verified = await verify(units);
    expect(verified, verified.stderr).toEqual({ exitCode: 0, stderr: "" });
    const daily = unitSettings(await readFile(join(units, "pullbak-daily.service"), "utf8")).Service!;
    expect(daily.ExecStart![0]).toMatch(/ run web1 web2$/);
    const weekdays = unitSettings(await readFile(join(units, "pullbak-mon-fri-02-30.timer"), "utf8")).Timer!;
    expect(weekdays).toMatchObject({ OnCalendar: ["Mon..Fri *-*-* 02:30"], Unit: ["pullbak-mon-fri-02-30.service"], Persistent: ["true"] });
    expect(unitSettings(await readFile(join(units, "pullbak-mon-fri-02-30.service"), "utf8")).Service!.ExecStart![0]).toMatch(/ run db1$/);

    // Back to one schedule: the earlier timers are named as left over.
    const again = await pullbak(["--config", fleetConfig, "schedule", "--systemd", "--dir", units]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toContain(`${units}/pullbak-daily.timer is from an earlier schedule: systemctl disable --now pullbak-daily.timer`);
    expect(again.stderr).toContain("pullbak-mon-fri-02-30.timer is from an earlier schedule");
  });

  it("--dry-run prints the units and writes nothing", async () => {
    const units = join(dir, "dry-units");
    const result = await pullbak(["--config", groupedConfig, "schedule", "--systemd", "--dry-run", "--dir", units]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(`# ${units}/pullbak-daily.timer\n`);
    expect(result.stdout).toContain("OnCalendar=Mon..Fri *-*-* 02:30");
    await expect(readdir(units)).rejects.toThrow(/ENOENT/);
  });

  it("--cron prints one crontab line per schedule, at low priority", async () => {
    const result = await pullbak(["--config", groupedConfig, "schedule", "--cron"]);
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = result.stdout.split("\n").filter((l) => l && !l.startsWith("#"));
    expect(lines).toEqual([
      `0 0 * * * nice -n 19 ionice -c 3 ${process.execPath} ${PULLBAK_BIN} --config ${groupedConfig} run web1 web2`,
      `30 2 * * 1-5 nice -n 19 ionice -c 3 ${process.execPath} ${PULLBAK_BIN} --config ${groupedConfig} run db1`,
    ]);
  });

  it("a schedule systemd does not understand is a config error naming it and its hosts", async () => {
    const bad = join(dir, "bad.yaml");
    await writeFile(bad, JSON.stringify({ version: 1, stateDir: join(dir, "state"), hosts: { web1: { address: "192.0.2.1", schedule: "every full moon" } } }));
    const result = await pullbak(["--config", bad, "schedule", "--systemd", "--dry-run"]);
    expect(result.exitCode).toBe(78);
    expect(result.stderr).toContain('schedule "every full moon" (hosts web1) is not a systemd calendar expression');
    const cron = await pullbak(["--config", bad, "schedule", "--cron"]);
    expect(cron.exitCode).toBe(78);
    expect(cron.stderr).toContain('schedule --cron: "every full moon" (hosts web1) has no exact crontab form here');
  });
});
