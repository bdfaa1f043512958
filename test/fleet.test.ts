/**
 * A night of the fleet (issue #11): 8 hosts, 4 at a time. One is down (its
 * sshd stopped), one loses its link in the middle of its backup. The summary,
 * the exit code and the run records say exactly that, the other six get their
 * archive, and nothing of the run is left. `pullbak status` then flags the two;
 * after a good night it is quiet, until a host's newest backup gets too old.
 */
import { startSshd, stopSshd, type Lab, type LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { archivesWithCheckpoints, foreignNetns, mountsLeft, pullbak, scenario, seedBulk, serverSideLink, slowLink, startPullbak, type CliResult, type Scenario } from "./support/faults.js";
import { hostBorgUnderWay, processesOf, recordsOf, seedTiny } from "./support/fleet.js";
import { pullbak as pullbakWithEnv } from "./support/pullbak.js";

const env = useLab(8);

/** The summary table's line for a host. */
function summaryLine(result: CliResult, host: LabHost): string {
  return result.stdout.split("\n").find((line) => line.startsWith(`${host.name} `)) ?? "";
}

describe("a fleet run, --jobs 4", () => {
  let lab: Lab;
  let s: Scenario;
  let hosts: LabHost[];
  let lost: LabHost;
  let down: LabHost;
  let healthy: LabHost[];
  let night: CliResult;
  let leftAfterNight: { mounts: string[]; netns: string[]; processes: string[] };

  beforeAll(async () => {
    lab = env.lab;
    hosts = lab.hosts;
    [lost, down] = [hosts[0]!, hosts[1]!];
    healthy = hosts.slice(2);
    s = await scenario(lab, "fleet", { aliveInterval: 1 });
    await Promise.all(
      hosts.map(async (host) => {
        await seedTiny(host);
        const init = await pullbak(s, "init", host.name);
        expect(init.exitCode, init.stderr).toBe(0);
      }),
    );
    // 24 MB at 20 Mbit/s: ten seconds of backup for the host that loses its link.
    await seedBulk(lost, 3, 8);
    await slowLink(lost, 20);
    await stopSshd(down);

    const run = startPullbak(s, "run", "--all", "--jobs", "4");
    await hostBorgUnderWay(run.pid, lost, 4 * 1024 * 1024);
    await execa("ip", ["link", "set", serverSideLink(lost), "down"]);
    night = await run.done;
    leftAfterNight = { mounts: (await Promise.all(hosts.map((h) => mountsLeft(s, h)))).flat(), netns: await foreignNetns(), processes: await processesOf(s) };
    await execa("ip", ["link", "set", serverSideLink(lost), "up"]);
    await startSshd(lab, down);
    await slowLink(lost, 1000);
  }, 480_000);

  it("exits 2 and the summary names the unreachable host, the lost one and six ok", () => {
    expect(night.exitCode, night.stderr).toBe(2);
    expect(night.stdout).toMatch(/^HOST +RESULT +DURATION +FILES +ORIGINAL +DEDUPLICATED +ARCHIVE +REASON$/m);
    expect(summaryLine(night, down)).toMatch(new RegExp(`^${down.name} +failed .*${down.address.replaceAll(".", "\\.")}`));
    // Cut mid-backup: the watchdog or sshfs's reconnect finds the link dead, whichever first.
    expect(summaryLine(night, lost)).toMatch(new RegExp(`^${lost.name} +failed .*(lost the client|cannot reach)`));
    for (const host of healthy) expect(summaryLine(night, host), night.stdout).toMatch(new RegExp(`^${host.name} +ok +\\d+s +\\d+ .* ${host.name}-\\S+$`));
  });

  it("the records say the same, one per host", async () => {
    const last = async (host: LabHost) => {
      const records = await recordsOf(s, host);
      expect(records).toHaveLength(1);
      return records[0]!;
    };
    expect(await last(down)).toMatchObject({ result: "failed", exitCode: 2, action: "backup", error: { code: "CLIENT_UNREACHABLE" } });
    expect(await last(lost)).toMatchObject({ result: "failed", exitCode: 2, error: { code: "CLIENT_UNREACHABLE" } });
    for (const host of healthy) expect(await last(host)).toMatchObject({ result: "ok", exitCode: 0, archive: expect.stringMatching(new RegExp(`^${host.name}-`)) });
  });

  it("ran hosts side by side: at least two backups overlapped in time", async () => {
    const spans: Array<[number, number]> = [];
    for (const host of healthy) {
      const record = (await recordsOf(s, host))[0]!;
      spans.push([Date.parse(record.start), Date.parse(record.end)]);
    }
    const overlapping = spans.some(([start, end], i) => spans.some(([otherStart, otherEnd], j) => i !== j && start < otherEnd && otherStart < end));
    expect(overlapping).toBe(true);
  });

  it("the six healthy hosts have their new archive; the lost one has none", async () => {
    const [lostArchives, ...healthyArchives] = await Promise.all([lost, ...healthy].map((host) => archivesWithCheckpoints(s, host)));
    for (const [i, archives] of healthyArchives.entries()) expect(archives).toEqual([(await recordsOf(s, healthy[i]!))[0]!.archive]);
    expect(lostArchives!.filter((name) => !name.endsWith(".checkpoint"))).toEqual([]);
  });

  it("left no mount or namespace of the run when it returned", () => {
    expect({ mounts: leftAfterNight.mounts, netns: leftAfterNight.netns }).toEqual({ mounts: [], netns: [] });
  });

  it("left no process of the run when it returned", () => {
    expect(leftAfterNight.processes).toEqual([]);
  });

  it("status flags the two bad hosts and exits 2", async () => {
    const status = await pullbak(s, "status");
    expect(status.exitCode, status.stderr).toBe(2);
    const line = (host: LabHost) => status.stdout.split("\n").find((l) => l.includes(` ${host.name} `)) ?? "";
    expect(line(down)).toMatch(/^! .*failed.*last backup failed/);
    expect(line(lost)).toMatch(/^! .*failed.*last backup failed/);
    for (const host of healthy) expect(line(host)).toMatch(/^ {3}\S+ +ok /);
    expect(status.stdout).toMatch(/^2 of 8 hosts need attention$/m);
    const json = JSON.parse((await pullbak(s, "status", "--json")).stdout) as { attention: number; hosts: Array<{ host: string; attention: string[] }> };
    expect(json.attention).toBe(2);
  });

  it("after a good night of all 8, status exits 0; --verify agrees with the repositories", async () => {
    const good = await pullbak(s, "run", "--all", "--jobs", "4", "--json");
    expect(good.exitCode, good.stderr).toBe(0);
    const doc = JSON.parse(good.stdout) as { exitCode: number; hosts: Array<{ host: string; result: string }> };
    expect(doc.exitCode).toBe(0);
    expect(doc.hosts.map((h) => h.result)).toEqual(Array(8).fill("ok"));
    const status = await pullbak(s, "status");
    expect(status.exitCode, status.stdout).toBe(0);
    expect(status.stdout).toMatch(/^all 8 hosts fine$/m);
    const verified = await pullbak(s, "status", "--verify", healthy[0]!.name);
    expect(verified.exitCode, verified.stdout + verified.stderr).toBe(0);
  });

  it("with the clock moved past maxAge (26h), the same host goes stale", async () => {
    const host = healthy[0]!;
    const at = (hours: number) => pullbakWithEnv(["--config", s.configFile, "status", host.name], { env: { PULLBAK_NOW: new Date(Date.now() + hours * 3600_000).toISOString() } });
    const fresh = await at(25);
    expect(fresh.exitCode, fresh.stdout).toBe(0);
    const stale = await at(27);
    expect(stale.exitCode).toBe(2);
    expect(stale.stdout).toMatch(new RegExp(`^! +${host.name} +ok +27h\\d\\dm ago .*newest good backup is older than maxAge`, "m"));
  });

  it("Ctrl-C: the running host is interrupted, the hosts not started are skipped; exit 130 and a record each", async () => {
    const [first, second] = healthy;
    await slowLink(lost, 20);
    const run = startPullbak(s, "run", lost.name, first!.name, second!.name, "--jobs", "1");
    await hostBorgUnderWay(run.pid, lost, 2 * 1024 * 1024);
    process.kill(-run.pid, "SIGINT");
    const result = await run.done;
    await slowLink(lost, 1000);

    expect(result.exitCode, result.stderr).toBe(130);
    expect(summaryLine(result, lost)).toMatch(new RegExp(`^${lost.name} +interrupted .*interrupted by SIGINT`));
    for (const host of [first!, second!]) expect(summaryLine(result, host)).toMatch(new RegExp(`^${host.name} +skipped +- .*not started`));
    expect((await recordsOf(s, lost)).at(-1)).toMatchObject({ result: "interrupted", exitCode: 130 });
    for (const host of [first!, second!]) expect((await recordsOf(s, host)).at(-1)).toMatchObject({ result: "skipped", error: { code: "INTERRUPTED" } });
  });
});
