/**
 * What the repository upkeep tests share (issue 12): a config whose hosts'
 * repositories are plain local directories on the server, and the server's
 * borg run directly with pullbak's own borg dirs for a host, to make
 * archives at chosen times (`borg create --timestamp`) and to look at the
 * repository as an admin would. No lab host: upkeep never touches a client.
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { pullbakWithConfig, type CliResult } from "./support/pullbak.js";

export const PASSPHRASE = "upkeep test passphrase";

export interface UpkeepFixture {
  dir: string;
  config: string;
  stateDir: string;
  /** Where the test's client data lives (what `borg create` archives). */
  data: string;
  pullbak(...args: string[]): Promise<CliResult>;
  /** borg as pullbak runs it for `host`: its config, keys, cache and security dirs. */
  borg(host: string, ...args: string[]): Promise<CliResult>;
}

/** Writes a config (JSON is YAML) with `hosts`, every host's repository under `dir`. */
export async function upkeepFixture(hosts: Record<string, Record<string, unknown>>, defaults: Record<string, unknown> = {}): Promise<UpkeepFixture> {
  const dir = await mkdtemp(join(tmpdir(), "pullbak-upkeep-"));
  const stateDir = join(dir, "state");
  const passphraseFile = join(dir, "passphrase");
  await writeFile(passphraseFile, `${PASSPHRASE}\n`);
  await chmod(passphraseFile, 0o600);
  const data = join(dir, "data");
  await mkdir(data);
  await writeFile(join(data, "small"), "hello\n");
  const config = join(dir, "pullbak.yaml");
  const document = {
    version: 1,
    stateDir,
    defaults: { repository: { path: `${dir}/repos/{host}`, passphrase: { file: passphraseFile } }, ...defaults },
    hosts,
  };
  await writeFile(config, `${JSON.stringify(document, null, 2)}\n`);
  return {
    dir,
    config,
    stateDir,
    data,
    pullbak: (...args) => pullbakWithConfig(config, ...args),
    async borg(host, ...args) {
      const base = join(stateDir, "hosts", host, "borg");
      const result = await execa("borg", args, {
        reject: false,
        cwd: dir,
        // The passphrase on a pipe (fd 3), as pullbak hands it over: never in the environment.
        stdio: ["ignore", "pipe", "pipe", Buffer.from(PASSPHRASE)],
        env: {
          BORG_PASSPHRASE_FD: "3",
          BORG_CONFIG_DIR: join(base, "config"),
          BORG_KEYS_DIR: join(base, "config", "keys"),
          BORG_CACHE_DIR: join(base, "cache"),
          BORG_SECURITY_DIR: join(base, "security"),
          BORG_RELOCATED_REPO_ACCESS_IS_OK: "yes",
          TZ: "UTC",
        },
      });
      return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
    },
  };
}

/** Fails with everything the command said. */
export function ok(result: CliResult, what: string): CliResult {
  if (result.exitCode !== 0) throw new Error(`${what} exited ${result.exitCode}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  return result;
}

/** `file` of `bytes` random (incompressible, unique) bytes. */
export async function randomFile(file: string, bytes: number): Promise<void> {
  await writeFile(file, randomBytes(bytes));
}

/** Bytes under `dir` as `du --bytes` counts them: measured apart from pullbak's own figures. */
export async function bytesUnder(dir: string): Promise<number> {
  const { stdout } = await execa("du", ["--summarize", "--bytes", dir]);
  return Number(stdout.split("\t")[0]);
}

/** Archive names in a repository, checkpoints included, sorted. */
export async function archiveNames(fixture: UpkeepFixture, host: string, repository: string): Promise<string[]> {
  const listed = ok(await fixture.borg(host, "list", "--consider-checkpoints", "--short", repository), "borg list");
  return listed.stdout.split("\n").filter((l) => l !== "").sort();
}
