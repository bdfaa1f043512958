// Runs one command as argv (never a shell string), timed by wall clock.
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";

/**
 * Runs ARGV and waits for it.
 * @param {string[]} argv
 * @param {{ env?: NodeJS.ProcessEnv, fd3File?: string, okCodes?: number[], timeoutSeconds?: number }} [options]
 *   fd3File: opened read-only as the command's fd 3 (borg's BORG_PASSPHRASE_FD);
 *   okCodes: exit codes that count as success (default [0]);
 *   timeoutSeconds: killed (SIGTERM, then SIGKILL 10 s later) after this long (default 7200).
 * @returns {Promise<{ seconds: number, stdout: string, stderr: string, code: number }>}
 * @throws Error with the command's last stderr lines when it exits with another code or is killed
 */
export function runCommand(argv, options = {}) {
	const fd3 = options.fd3File ? openSync(options.fd3File, "r") : undefined;
	const start = process.hrtime.bigint();
	const child = spawn(argv[0], argv.slice(1), {
		env: options.env ?? process.env,
		stdio: ["ignore", "pipe", "pipe", ...(fd3 === undefined ? [] : [fd3])],
	});
	let stdout = "";
	let stderr = "";
	child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
	child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
	const bound = (options.timeoutSeconds ?? 7200) * 1000;
	let killer;
	const timer = setTimeout(() => {
		child.kill("SIGTERM");
		killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
	}, bound);
	return new Promise((resolve, reject) => {
		child.on("error", reject);
		child.on("close", (code, signal) => {
			clearTimeout(timer);
			clearTimeout(killer);
			if (fd3 !== undefined) closeSync(fd3);
			const seconds = Number(process.hrtime.bigint() - start) / 1e9;
			if ((options.okCodes ?? [0]).includes(code)) return resolve({ seconds, stdout, stderr, code });
			const tail = stderr.trim().split("\n").slice(-15).join("\n");
			reject(new Error(`${argv.slice(0, 4).join(" ")}... ${signal ? `killed by ${signal}` : `exited ${code}`}:\n${tail}`));
		});
	});
}
