import { readFile, stat } from "node:fs/promises";
import { execa } from "execa";
import type { SecretConfig } from "../config/schema.js";
import type { SecretSource } from "../contracts/secret.js";
import { PullbakError } from "../errors.js";
import { childEnvironment } from "../process/child-environment.js";

const encoder = new TextEncoder();

/** borg strips one trailing newline itself, but a `pass show` or `echo` adds it: drop it here so every source agrees. */
function withoutFinalNewline(text: string): Uint8Array {
  return encoder.encode(text.replace(/\r?\n$/, ""));
}

function unavailable(where: string, why: string): PullbakError {
  return new PullbakError("SECRET_UNAVAILABLE", `repository passphrase (${where}): ${why}`);
}

/** A command such as `pass show borg/web1`, run without a shell; its stdout is the secret. */
function commandSource(command: string | readonly string[], where: string): SecretSource {
  const argv = typeof command === "string" ? command.trim().split(/\s+/) : [...command];
  const describe = `command ${argv[0]}`;
  return {
    describe,
    async read() {
      const [file, ...args] = argv;
      const result = await execa(file!, args, { reject: false, stdin: "ignore", env: childEnvironment({ argv }), extendEnv: false, stripFinalNewline: false });
      if (result.failed || result.exitCode !== 0) {
        const reason = result.exitCode === undefined ? String(result.shortMessage) : `exit ${result.exitCode}`;
        const last = String(result.stderr).trim().split("\n").pop() ?? "";
        throw unavailable(where, `${describe} failed (${reason})${last ? `: ${last}` : ""}`);
      }
      if (String(result.stdout).trim() === "") throw unavailable(where, `${describe} printed nothing`);
      return withoutFinalNewline(String(result.stdout));
    },
  };
}

/** A file readable by root only; a group- or world-readable secret is refused, not used. */
function fileSource(path: string, where: string): SecretSource {
  return {
    describe: `file ${path}`,
    async read() {
      try {
        const info = await stat(path);
        if ((info.mode & 0o077) !== 0) {
          throw unavailable(where, `${path} is readable by group or others (mode ${(info.mode & 0o777).toString(8)}); chmod 600 it`);
        }
        return withoutFinalNewline(await readFile(path, "utf8"));
      } catch (error) {
        if (error instanceof PullbakError) throw error;
        throw unavailable(where, `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    },
  };
}

function envSource(name: string, where: string): SecretSource {
  return {
    describe: `environment variable ${name}`,
    async read() {
      const value = process.env[name];
      if (value === undefined || value === "") throw unavailable(where, `environment variable ${name} is not set`);
      return withoutFinalNewline(value);
    },
  };
}

export function secretSource(config: SecretConfig, where: string): SecretSource {
  if ("command" in config) return commandSource(config.command, where);
  if ("file" in config) return fileSource(config.file, where);
  return envSource(config.env, where);
}
