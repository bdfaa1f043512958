/**
 * A client whose sftp-server never finishes a directory listing makes the
 * server's sshfs grow (sshfs 3.7.3 keeps a listing in memory until EOF:
 * ~150 MB/s from the hostile server below) until the run's timeout, 23 h by
 * default: gigabytes, then the server's OOM killer, for every other host
 * too (issue #10). The run's sshfs, and its ssh, run under a data memory
 * cap (options.sshfs.memoryLimitMiB, RLIMIT_DATA): sshfs ends at the cap,
 * the run ends at once with exit 2 and one line saying the transport ended
 * at its cap, long before the host's timeout, and nothing of it is left.
 *
 * The client is a real lab host whose backup key's forced command is
 * test/fixtures/hostile-sftp/sftp-server.py in `endless-readdir` mode.
 */
import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Lab, LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { CLEAN, morningAfter, pullbak, scenario, startPullbak, verdict, type CliResult, type Scenario } from "./support/faults.js";

const env = useLab(1);
const SERVER = new URL("./fixtures/hostile-sftp/sftp-server.py", import.meta.url);
/** The cap in this test's config: small, so that the endless listing reaches it in about a second. */
const CAP_MIB = 192;
/** The host's timeout here: the cap, not the timeout, must end the run. */
const TIMEOUT = "10m";

let lab: Lab;
let host: LabHost;
let s: Scenario;

/** Makes the backup key's forced command the hostile server in `mode`. */
async function serve(mode: "attrs" | "endless-readdir"): Promise<void> {
  const file = join(host.rootDir, "root/.ssh/authorized_keys");
  const lines = (await readFile(file, "utf8")).split("\n");
  const backup = lines.findIndex((line) => line.startsWith('restrict,command="internal-sftp -R"') || line.includes("sftp-server.py"));
  lines[backup] = lines[backup]!.replace(/command="[^"]*"/, `command="/usr/bin/python3 /srv/hostile-sftp/sftp-server.py ${mode}"`);
  await writeFile(file, lines.join("\n"));
}

/** The highest VmHWM (kB) seen of each of the host's sshfs and ssh processes, sampled until `until` settles (140 s at most). */
async function peakMemory(until: Promise<unknown>): Promise<Map<string, number>> {
  const peaks = new Map<string, number>();
  let done = false;
  void until.finally(() => (done = true));
  const atHost = `@${host.address}`;
  const deadline = Date.now() + 140_000;
  while (!done && Date.now() < deadline) {
    for (const name of await readdir("/proc")) {
      if (!/^\d+$/.test(name)) continue;
      const line = (await readFile(`/proc/${name}/cmdline`, "utf8").catch(() => "")).split("\0");
      if (!(line[0] === "sshfs" || line[0] === "ssh") || !line.some((arg) => arg.includes(atHost))) continue;
      const status = await readFile(`/proc/${name}/status`, "utf8").catch(() => "");
      const hwm = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
      const key = `${line[0]} ${name}`;
      if (hwm > (peaks.get(key) ?? 0)) peaks.set(key, hwm);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return peaks;
}

beforeAll(async () => {
  lab = env.lab;
  host = lab.hosts[0]!;
  s = await scenario(lab, "hostile-sftp-memory", { timeout: TIMEOUT });
  const config = JSON.parse(await readFile(s.configFile, "utf8")) as { defaults: { sources: string[]; options?: Record<string, unknown> } };
  config.defaults.sources = ["/srv/evil"];
  config.defaults.options = { ...config.defaults.options, sshfs: { memoryLimitMiB: CAP_MIB } };
  await writeFile(s.configFile, `${JSON.stringify(config, null, 2)}\n`);
  await mkdir(join(host.rootDir, "srv/hostile-sftp"), { recursive: true });
  await mkdir(join(host.rootDir, "srv/evil"), { recursive: true });
  await copyFile(SERVER, join(host.rootDir, "srv/hostile-sftp/sftp-server.py"));
  const init = await pullbak(s, "init", host.name);
  expect(init.exitCode, init.stderr).toBe(0);
}, 120_000);

describe.each(["none", "chroot"])("a client whose directory listing never ends, isolation %s", (isolation) => {
  const archive = `endless-readdir-${isolation}`;
  let done: CliResult & { endedAt: number };
  let took: number;
  let peaks: Map<string, number>;

  beforeAll(async () => {
    await serve("endless-readdir");
    try {
      const started = Date.now();
      const run = startPullbak(s, "run", host.name, "--plugin", isolation, "--archive", archive);
      peaks = await peakMemory(run.done);
      done = await run.done;
      took = (done.endedAt - started) / 1000;
      console.info(`${isolation}: ${verdict(done)}`);
      console.info(`${isolation}: endless-readdir under a ${CAP_MIB} MiB cap: the run ended after ${took.toFixed(1)} s; peak VmHWM (kB): ${JSON.stringify(Object.fromEntries(peaks))}`);
    } finally {
      await serve("attrs");
    }
  }, 150_000);

  it("ends the run at sshfs's memory cap with exit 2 and one line naming the host, the transport and the cap", () => {
    expect(done.exitCode, done.stderr).toBe(2);
    expect(done.stderr.split("\n").filter((line) => line.startsWith("pullbak:"))).toHaveLength(1);
    expect(verdict(done)).toMatch(new RegExp(`^pullbak: host ${host.name}: the transport \\(sshfs\\) ended during the run: it reached its memory cap of ${CAP_MIB} MiB \\(options\\.sshfs\\.memoryLimitMiB`));
    // Long before the host's timeout (10 min): the cap ended it, not the timeout, and no watchdog took it for a lost client.
    expect(done.stderr).not.toMatch(/TIMEOUT|took longer than its timeout|lost the client/);
    expect(took).toBeLessThan(120);
  });

  it("kept sshfs's (and ssh's) memory under the cap", () => {
    expect([...peaks.keys()].some((key) => key.startsWith("sshfs "))).toBe(true);
    for (const [key, kb] of peaks) expect(kb, key).toBeLessThan(CAP_MIB * 1024);
  });

  it("leaves nothing behind: no mount, no process, lock released, repository consistent", async () => {
    expect(await morningAfter(s, host, archive)).toEqual(CLEAN);
  }, 60_000);
});
