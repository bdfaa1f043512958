// The lines saying what a figure was measured on: a figure is worth only as
// much as the machine and the load written next to it.
import { readFileSync } from "node:fs";
import { availableParallelism, release } from "node:os";
import { runCommand } from "./command.mjs";

/** The 1, 5 and 15 minute load averages, as /proc/loadavg has them. */
export function loadAverage() {
	return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
}

async function firstLine(argv, pattern) {
	const { stdout, stderr } = await runCommand(argv, { okCodes: [0, 1] }).catch(() => ({ stdout: "", stderr: "" }));
	return `${stdout}\n${stderr}`.split("\n").find((line) => pattern.test(line))?.trim() ?? "?";
}

/** CPU model and count, kernel and the versions of the programs measured. */
export async function machineLines() {
	const model = (await firstLine(["lscpu"], /^Model name:/)).replace(/^Model name:\s*/, "");
	const hypervisor = (await firstLine(["lscpu"], /^Hypervisor vendor:/)).replace(/^Hypervisor vendor:\s*/, "");
	const borg = await firstLine(["borg", "--version"], /^borg/);
	const sshfs = (await firstLine(["sshfs", "--version"], /^SSHFS version/)).replace("SSHFS version", "sshfs");
	const ssh = (await firstLine(["ssh", "-V"], /^OpenSSH/)).split(",")[0];
	return [
		`machine: ${model}, ${availableParallelism()} CPUs (nproc)${hypervisor === "?" ? "" : ` under ${hypervisor}`}, kernel ${release()}`,
		`         ${borg}, ${sshfs}, ${ssh}, node ${process.version}`,
	];
}
