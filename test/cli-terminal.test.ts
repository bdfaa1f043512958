/**
 * What a person at a terminal sees, and what cron mail or a pipe gets
 * (issue #11): live progress under a pseudo-terminal (`script` from
 * util-linux), plain lines without escape codes otherwise, JSON lines with
 * --log-json. A client that names its files with escape sequences (a
 * title change, a screen clear) reaches none of them raw.
 */
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Lab, LabHost } from "@pullbak/lab";
import { useLab } from "@pullbak/lab/testing";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { DATA_DIR, pullbak, scenario, slowLink, type Scenario } from "./support/faults.js";
import { PULLBAK_BIN } from "./support/pullbak.js";

const env = useLab(1);
/** A file name that would set the terminal's title and clear the screen if printed raw. */
const HOSTILE = "bulk-\x1b]0;pwned\x07-\x1b[2J";
/** How pullbak shows it: every control character as a visible \xNN. */
const ESCAPED = "bulk-\\x1b]0;pwned\\x07-\\x1b[2J";
const RAW = ["\x1b]0;pwned", "\x1b[2J", "\x07"];

/** Single-quoted for the shell `script -c` starts; every part here is the test's own, never a client's. */
function quoted(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}

describe("progress and logs, on a terminal and off it", () => {
  let lab: Lab;
  let host: LabHost;
  let s: Scenario;

  beforeAll(async () => {
    lab = env.lab;
    host = lab.hosts[0]!;
    s = await scenario(lab, "terminal");
    const dir = join(host.rootDir, DATA_DIR);
    await mkdir(dir, { recursive: true });
    // 2 x 8 MB at 40 Mbit/s: three seconds of reading files whose names are escape sequences.
    for (let i = 0; i < 2; i++) await writeFile(join(dir, `${HOSTILE}-${i}.bin`), randomBytes(8 * 1024 * 1024));
    await slowLink(host, 40);
    const init = await pullbak(s, "init", host.name);
    expect(init.exitCode, init.stderr).toBe(0);
  });

  it("under a pseudo-terminal: a live line per host and an overall line, the hostile names escaped", async () => {
    // `script` without a terminal of its own makes a 0x0 pty; a real terminal has a size.
    const command = `stty rows 40 cols 160 && exec ${[process.execPath, PULLBAK_BIN, "--config", s.configFile, "run", host.name, "--archive", "tty"].map(quoted).join(" ")}`;
    const result = await execa("script", ["-qec", command, "/dev/null"], { reject: false, stdin: "ignore", env: { TERM: "xterm" }, timeout: 240_000 });
    const screen = String(result.stdout);
    expect(result.exitCode, screen).toBe(0);
    expect(screen).toMatch(/lab\d+ +backup +\d+ files +[\d.]+ [kMG]?B read +[\d.]+ [kMG]?B\/s/);
    expect(screen).toMatch(/pullbak: 0\/1 hosts done, 1 running/);
    expect(screen).toContain(ESCAPED);
    for (const raw of RAW) expect(screen).not.toContain(raw);
  });

  it("on a pipe: one plain line when the host starts and one when it ends, no escape code at all", async () => {
    const result = await pullbak(s, "run", host.name, "--archive", "pipe");
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = result.stderr.trim().split("\n");
    expect(lines[0]).toBe(`${host.name}: backup started`);
    expect(lines.at(-1)).toMatch(new RegExp(`^${host.name}: ok: archive pipe \\(\\d+ files, .* read, .* new\\) in [\\d.]+ s$`));
    expect(result.stdout).toMatch(new RegExp(`^${host.name}: archive pipe created`));
    expect(result.stdout + result.stderr).not.toContain("\x1b");
    const listed = await pullbak(s, "list", host.name, "--archive", "pipe");
    expect(listed.exitCode, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(ESCAPED);
    for (const raw of RAW) expect(listed.stdout).not.toContain(raw);
  });

  it("--log-json: one JSON object per line on stderr (time, level, host, event), nothing raw", async () => {
    const result = await pullbak(s, "--log-json", "run", host.name, "--archive", "json");
    expect(result.exitCode, result.stderr).toBe(0);
    const events = result.stderr.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const event of events) expect(Object.keys(event)).toEqual(expect.arrayContaining(["time", "level", "host", "event", "message"]));
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(["host-started", "progress", "host-finished"]));
    expect(events.find((e) => e.event === "host-finished")).toMatchObject({ host: host.name, result: "ok", archive: "json", exitCode: 0 });
    expect(result.stderr).not.toContain("\\u001b");
    for (const raw of RAW) expect(result.stderr).not.toContain(raw);
  });

  it("--quiet on a pipe: a good run says nothing on stderr", async () => {
    const result = await pullbak(s, "--quiet", "run", host.name, "--archive", "quiet");
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toBe("");
  });
});
