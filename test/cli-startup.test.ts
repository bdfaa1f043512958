import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PULLBAK_BIN } from "./support/pullbak.js";

const RECORDER = fileURLToPath(new URL("./fixtures/loaded-modules/record.mjs", import.meta.url));

/** Libraries only some commands or options need: each is loaded where it is used, never at start-up. */
const HEAVY = { "prom-client": /\/prom-client\//, pino: /\/pino\//, "log-update": /\/log-update\//, "@pullbak/lab": /\/packages\/lab\/dist\// };

let dir: string;
let config: string;

/** Runs pullbak and returns its exit code, stdout, and every module file the process loaded. */
async function loadedBy(args: string[]): Promise<{ exitCode: number | undefined; stdout: string; modules: string[] }> {
  const list = join(dir, `modules-${Math.random().toString(36).slice(2)}.txt`);
  await writeFile(list, "");
  const result = await execa(process.execPath, ["--import", RECORDER, PULLBAK_BIN, ...args], { reject: false, env: { LOADED_MODULES: list }, stdin: "ignore", timeout: 60_000 });
  return { exitCode: result.exitCode, stdout: String(result.stdout), modules: (await readFile(list, "utf8")).split("\n").filter(Boolean) };
}

const heavyAmong = (modules: string[]) => Object.entries(HEAVY).filter(([, pattern]) => modules.some((file) => pattern.test(file))).map(([name]) => name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pullbak-startup-"));
  const key = join(dir, "backup_key");
  await writeFile(key, "not read by a dry run\n");
  await chmod(key, 0o600);
  config = join(dir, "pullbak.yaml");
  await writeFile(config, `version: 1\nstateDir: ${dir}/state\ndefaults:\n  ssh: { identityFile: ${key} }\n  repository: { path: "${dir}/repos/{host}", encryption: none }\nhosts:\n  web1: { address: 192.0.2.10 }\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("pullbak's start-up loads only what the command uses", () => {
  it("--help loads no command's libraries", async () => {
    const { exitCode, stdout, modules } = await loadedBy(["--help"]);
    expect(exitCode).toBe(0);
    expect(stdout).toContain("pullbak");
    expect(heavyAmong(modules)).toEqual([]);
    expect(modules.some((file) => file.includes("/commands/"))).toBe(false);
  });

  it("run --dry-run without a terminal loads neither the metrics, the JSON log, the live view nor the lab", async () => {
    const { exitCode, stdout, modules } = await loadedBy(["--config", config, "run", "web1", "--dry-run"]);
    expect(exitCode).toBe(0);
    expect(stdout).toContain("# web1: the backup would make these steps, in order");
    expect(heavyAmong(modules)).toEqual([]);
    expect(modules.filter((file) => file.includes("/commands/")).map((file) => file.replace(/.*\/commands\//, ""))).toEqual(["run.js"]);
  });

  it("a JSON event loads pino (the recorder sees what a command loads)", async () => {
    const { exitCode, modules } = await loadedBy(["--log-json", "--config", config, "bogus"]);
    expect(exitCode).toBe(78);
    expect(heavyAmong(modules)).toEqual(["pino"]);
  });
});
