/**
 * A client whose sshd answers SFTP however its owner likes (issue #10): the
 * backup key's forced command is test/fixtures/hostile-sftp/sftp-server.py,
 * which serves the client's own files except below /srv/evil, where it makes
 * things up: a setuid root file, block and character device nodes, a file of
 * 2**62 bytes, a name with a slash, a second "..", bytes that are not UTF-8;
 * or a listing that never ends; or a read that never ends.
 *
 * Every isolation backs the made-up tree up without anything of it landing
 * on the server (no setuid file, device node or FIFO in the state dir or the
 * repositories). A listing that never ends holds borg in a request sshfs
 * never answers, which no signal ends (the kernel waits for the answer):
 * the host's `timeout` must still end the run within a bound, with TIMEOUT,
 * and leave nothing behind. So must a read that never ends.
 */
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Lab, LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { dangerous } from "./hostile-client-helpers.js";
import { CLEAN, morningAfter, pullbak, runProcesses, scenario, startPullbak, verdict, type Scenario } from "./support/faults.js";

const env = useLab(1);
const SERVER = new URL("./fixtures/hostile-sftp/sftp-server.py", import.meta.url);
const TIMEOUT_S = 6;

let lab: Lab;
let host: LabHost;
let s: Scenario;
let timed: Scenario;

/** Makes the backup key's forced command the hostile server in `mode`. */
async function serve(mode: "attrs" | "endless-read" | "endless-readdir"): Promise<void> {
  const file = join(host.rootDir, "root/.ssh/authorized_keys");
  const lines = (await readFile(file, "utf8")).split("\n");
  const backup = lines.findIndex((line) => line.startsWith('restrict,command="internal-sftp -R"') || line.includes("sftp-server.py"));
  lines[backup] = lines[backup]!.replace(/command="[^"]*"/, `command="/usr/bin/python3 /srv/hostile-sftp/sftp-server.py ${mode}"`);
  await writeFile(file, lines.join("\n"));
}

/** A scenario backing up /srv/evil only. */
async function evilScenario(name: string, options: Parameters<typeof scenario>[2] = {}): Promise<Scenario> {
  const made = await scenario(lab, name, options);
  const config = JSON.parse(await readFile(made.configFile, "utf8")) as { defaults: { sources: string[] } };
  config.defaults.sources = ["/srv/evil"];
  await writeFile(made.configFile, `${JSON.stringify(config, null, 2)}\n`);
  return made;
}

beforeAll(async () => {
  lab = env.lab;
  host = lab.hosts[0]!;
  s = await evilScenario("hostile-sftp");
  timed = await evilScenario("hostile-sftp-timed", { stateDir: s.stateDir, repositories: s.repositories, timeout: `${TIMEOUT_S}s` });
  // The timeout is what this file tests: sshfs's memory cap (its default, 1 GiB, is reached ~7 s into the endless
  // listing) must not come first. test/hostile-client-sftp-memory.test.ts tests the cap.
  const config = JSON.parse(await readFile(timed.configFile, "utf8")) as { defaults: { options?: Record<string, unknown> } };
  config.defaults.options = { ...config.defaults.options, sshfs: { memoryLimitMiB: 2048 } };
  await writeFile(timed.configFile, `${JSON.stringify(config, null, 2)}\n`);
  await mkdir(join(host.rootDir, "srv/hostile-sftp"), { recursive: true });
  await mkdir(join(host.rootDir, "srv/evil"), { recursive: true });
  await copyFile(SERVER, join(host.rootDir, "srv/hostile-sftp/sftp-server.py"));
  const init = await pullbak(s, "init", host.name);
  expect(init.exitCode, init.stderr).toBe(0);
  await serve("attrs");
}, 120_000);

describe.each(["none", "userdb", "chroot"])("hostile attributes, isolation %s", (isolation) => {
  it("are archived as the client's data; nothing of them lands on the server", async () => {
    const result = await pullbak(s, "run", host.name, "--plugin", isolation, "--archive", `attrs-${isolation}`);
    // The listing with a slash in a name fails (the kernel refuses the name): a warning, the rest is archived.
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/srv\/evil\/slashed: scandir: \[Errno 5\] Input\/output error/);
    const listed = await pullbak(s, "list", host.name, "--archive", `attrs-${isolation}`, "/srv/evil");
    expect(listed.exitCode, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^-rwsr-sr-x .* srv\/evil\/setuid-root$/m);
    expect(listed.stdout).toMatch(/ 65536 .* srv\/evil\/huge$/m);
    expect(await dangerous(s.stateDir)).toEqual([]);
    expect(await dangerous(s.repository(host))).toEqual([]);
    expect(await runProcesses(s, host)).toEqual([]);
  });
});

describe("a client that never finishes answering", () => {
  for (const mode of ["endless-readdir", "endless-read"] as const) {
    it(`${mode}: the timeout ends the run within a bound, exit 2 and TIMEOUT, nothing left`, async () => {
      await serve(mode);
      try {
        const started = Date.now();
        const done = await startPullbak(timed, "run", host.name, "--plugin", "none", "--archive", mode).done;
        const took = (done.endedAt - started) / 1000;
        console.info(`${mode}: timeout ${TIMEOUT_S} s, the run ended after ${took.toFixed(1)} s`);
        expect(done.exitCode, done.stderr).toBe(2);
        expect(verdict(done)).toMatch(new RegExp(`^pullbak: host ${host.name}: the run took longer than its timeout \\(${TIMEOUT_S} s\\) and was stopped`));
        // timeout + 20 s for the mount to be ended under a request it never answers + sshfs's 5 s to go + margin.
        expect(took).toBeLessThan(TIMEOUT_S + 20 + 5 + 15);
        expect(await runProcesses(timed, host)).toEqual([]);
        expect(await morningAfter(timed, host, mode)).toEqual(CLEAN);
      } finally {
        await serve("attrs");
      }
    }, 120_000);
  }
});
