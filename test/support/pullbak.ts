import { fileURLToPath } from "node:url";
import { execa } from "execa";

/** The `pullbak` command of this checkout, wherever it was cloned. */
export const PULLBAK_BIN = fileURLToPath(new URL("../../packages/cli/bin/pullbak.js", import.meta.url));

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `pullbak` command as a user would, never throwing on a non-zero exit. */
export async function pullbak(args: readonly string[], options: { env?: Record<string, string>; timeout?: number } = {}): Promise<CliResult> {
  const result = await execa(process.execPath, [PULLBAK_BIN, ...args], { reject: false, env: options.env, timeout: options.timeout ?? 240_000, stdin: "ignore" });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** `pullbak --config FILE ARGS...`. */
export function pullbakWithConfig(configFile: string, ...args: string[]): Promise<CliResult> {
  return pullbak(["--config", configFile, ...args]);
}
