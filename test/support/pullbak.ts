import { fileURLToPath } from "node:url";
import { execa, type Result } from "execa";

const bin = fileURLToPath(new URL("../../packages/cli/bin/pullbak.js", import.meta.url));

/** Runs the real `pullbak` command as a user would, never throwing on a non-zero exit. */
export function pullbak(args: readonly string[], options: { env?: Record<string, string>; timeout?: number } = {}): Promise<Result> {
  return execa(process.execPath, [bin, ...args], { reject: false, env: options.env, timeout: options.timeout ?? 240_000, stdin: "ignore" });
}
