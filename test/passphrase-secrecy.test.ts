/**
 * The repository passphrase reaches borg on a pipe and nowhere else: not in
 * any process's argv or environment while a backup and a restore run, not in
 * anything pullbak prints (verbose, dry-run, errors), whatever the source.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadConfig } from "@pullbak/core";
import { useLab } from "@pullbak/lab/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { watchProcessesFor } from "./support/process-watch.js";
import { pullbak } from "./support/pullbak.js";

describe("the repository passphrase", () => {
  const env = useLab(1);
  let secret: string;
  let fileConfig: string;
  let commandConfig: string;

  beforeAll(async () => {
    secret = (await readFile(env.lab.passphraseFile, "utf8")).trim();
    const { config } = await loadConfig(env.lab.configFile);
    const withSource = async (name: string, passphrase: unknown) => {
      const file = join(env.lab.dir, name);
      const repository = { ...config.defaults?.repository, passphrase };
      await writeFile(file, JSON.stringify({ ...config, defaults: { ...config.defaults, sources: ["/srv/data", "/home"], repository } }));
      return file;
    };
    fileConfig = await withSource("file-source.yaml", { file: env.lab.passphraseFile });
    // `cat FILE` stands for `pass show ...`: the secret arrives on the command's stdout.
    commandConfig = await withSource("command-source.yaml", { command: ["cat", env.lab.passphraseFile] });
  });

  it("is in no argv or environment, and in no output, during init, backup, list and restore", async () => {
    const watch = watchProcessesFor(Buffer.from(secret));
    const outputs: string[] = [];
    for (const [config, args] of [
      [fileConfig, ["init", "lab1"]],
      [fileConfig, ["-v", "run", "lab1"]],
      [commandConfig, ["-v", "run", "lab1"]],
      [commandConfig, ["run", "lab1", "--dry-run"]],
      [fileConfig, ["list", "lab1", "--archive", "latest", "/srv/data"]],
      [fileConfig, ["-v", "restore", "lab1", "--archive", "latest", "--plugin", "tar-restore", "/srv/data/team"]],
    ] as const) {
      const result = await pullbak(["--config", config, ...args]);
      expect(result.exitCode, `${args.join(" ")}: ${String(result.stderr)}`).toBe(0);
      outputs.push(String(result.stdout), String(result.stderr));
    }
    expect(await watch.stop()).toEqual([]);
    expect(outputs.join("\n")).toContain("BORG_PASSPHRASE_FD=3");
    expect(outputs.filter((text) => text.includes(secret))).toEqual([]);
  });

  it("does not leak through an error message when it is wrong", async () => {
    const wrongFile = join(env.lab.dir, "wrong-passphrase");
    await writeFile(wrongFile, "not-the-passphrase-0123456789\n", { mode: 0o600 });
    const { config } = await loadConfig(fileConfig);
    const wrong = join(env.lab.dir, "wrong.yaml");
    await writeFile(wrong, JSON.stringify({ ...config, defaults: { ...config.defaults, repository: { ...config.defaults?.repository, passphrase: { file: wrongFile } } } }));
    const result = await pullbak(["--config", wrong, "-v", "run", "lab1"]);
    expect(result.exitCode).toBe(2);
    expect(String(result.stderr)).toMatch(/passphrase/i);
    expect(`${result.stdout}${result.stderr}`).not.toContain("not-the-passphrase-0123456789");
    expect(`${result.stdout}${result.stderr}`).not.toContain(secret);
  });
});
