// What `pnpm bench` times: pullbak with one strategy, borg run locally on the
// same files, and the seed procedure typed by hand. Each variant has
//   reset()           forget every earlier run: new repository, empty cache;
//   run(expect)       one backup, checked against EXPECT, measured:
//                     { seconds, wire (bytes through the host's veth),
//                       peakRss (pullbak's node process, bytes; NaN if none) }.
import { mkdirSync, readFileSync, rmSync, chmodSync, existsSync } from "node:fs";
import { join } from "node:path";
import { runCommand } from "./command.mjs";
import { repoRoot, writeVariantConfig, resetVariant, wireBytes } from "./bench-lab.mjs";

const cli = join(repoRoot, "packages/cli/bin/pullbak.js");
const peakHook = join(import.meta.dirname, "peak-rss.mjs");

/**
 * @typedef {{ files: number, maxNewBytes: number, minNewBytes?: number }} Expect
 *   what the archive must show: every file, and new (deduplicated) bytes within bounds
 */

function check(label, files, newBytes, expect) {
	if (files !== expect.files || newBytes > expect.maxNewBytes || newBytes < (expect.minNewBytes ?? 0)) {
		throw new Error(`${label}: archive has ${files} files and ${newBytes} new bytes; expected ${expect.files} files and ${expect.minNewBytes ?? 0}..${expect.maxNewBytes} new bytes`);
	}
}

/** Measures F (an async function returning { seconds }) with the host's wire counter around it. */
async function measured(host, f) {
	const before = wireBytes(host);
	const result = await f();
	return { peakRss: Number.NaN, ...result, wire: wireBytes(host) - before };
}

/** `pullbak [ARGS]` as argv, with the peak-memory hook. */
export function pullbakArgv(...args) {
	return [process.execPath, "--import", peakHook, cli, ...args];
}

/** pullbak with STRATEGY's settings (plus EXTRA settings), backing up SOURCE. */
export async function pullbakVariant(ctx, strategy, source, extra = {}, id = strategy.id) {
	const config = await writeVariantConfig(ctx.work, ctx.lab, id, source, { ...strategy.settings, ...extra });
	const peakFile = join(ctx.work, "variants", id, "peak-rss");
	const pullbak = (...args) =>
		runCommand(pullbakArgv("--config", config, ...args), {
			env: { ...process.env, PULLBAK_BENCH_PEAK_RSS_FILE: peakFile },
			okCodes: [0, 1],
		});
	await strategy.prepare?.({ lab: ctx.lab, host: ctx.host, config, pullbak });
	return {
		id,
		label: strategy.label,
		config,
		async reset() {
			resetVariant(ctx.work, id);
			await pullbak("init", ctx.host.name);
		},
		run: (expect) =>
			measured(ctx.host, async () => {
				rmSync(peakFile, { force: true });
				const { seconds, stdout } = await pullbak("run", ctx.host.name, "--json");
				const { hosts: [report] } = JSON.parse(stdout);
				check(id, report.stats.files, report.stats.deduplicatedBytes, expect);
				return { seconds, peakRss: existsSync(peakFile) ? Number(readFileSync(peakFile, "utf8")) : Number.NaN };
			}),
	};
}

function borgEnv(dir) {
	return { ...process.env, BORG_CONFIG_DIR: join(dir, "config"), BORG_CACHE_DIR: join(dir, "cache"), BORG_PASSPHRASE_FD: "3" };
}

function createdStats(stdout) {
	const { archive } = JSON.parse(stdout);
	return { files: archive.stats.nfiles, newBytes: archive.stats.deduplicated_size };
}

/**
 * The server's borg on the lab host's files on local disk: no ssh, no FUSE
 * (`borg create --files-cache ctime,size --noflags`, as pullbak asks borg),
 * the floor anything over the network is measured against.
 */
export function localBorgVariant(ctx, source) {
	const dir = join(ctx.work, "variants", "local-borg");
	const path = join(ctx.host.rootDir, source);
	return {
		id: "local-borg",
		label: "borg locally",
		async reset() {
			rmSync(dir, { recursive: true, force: true });
			mkdirSync(join(dir, "config"), { recursive: true });
			mkdirSync(join(dir, "cache"), { recursive: true });
			await runCommand(["borg", "init", "--encryption=repokey-blake2", join(dir, "repo")], { env: borgEnv(dir), fd3File: ctx.lab.passphraseFile });
		},
		run: (expect) =>
			measured(ctx.host, async () => {
				const { seconds, stdout } = await runCommand(
					["borg", "create", "--json", "--files-cache", "ctime,size", "--noflags", `${join(dir, "repo")}::l-${Date.now()}`, path],
					{ env: borgEnv(dir), fd3File: ctx.lab.passphraseFile },
				);
				const stats = createdStats(stdout);
				check("local borg", stats.files, stats.newBytes, expect);
				return { seconds };
			}),
	};
}

/** Every mount under DIR, deepest first. */
function mountsUnder(dir) {
	return readFileSync("/proc/mounts", "utf8")
		.split("\n")
		.map((line) => line.split(" ")[1])
		.filter((point) => point?.startsWith(`${dir}/`) || point === dir)
		.sort()
		.reverse();
}

/** Unmounts everything under DIR (lazily if busy). */
export async function unmountUnder(dir) {
	for (const point of mountsUnder(dir)) {
		await runCommand(["umount", point]).catch(() => runCommand(["umount", "--lazy", point]).catch(() => {}));
	}
}

/**
 * The sshfs options of pullbak's own plan (`run --dry-run`), as an admin
 * would copy them: the same key, known_hosts, `ro`, `dir_cache`...
 */
async function pullbakSshfsOptions(config, hostName) {
	const { stdout, stderr } = await runCommand(pullbakArgv("--config", config, "run", hostName, "--dry-run"), { okCodes: [0, 1] });
	const words = `${stdout}\n${stderr}`.split(/\s+/);
	const at = words.indexOf("sshfs");
	const o = words.indexOf("-o", at);
	if (at < 0 || o < 0) throw new Error("by hand: found no sshfs command in pullbak's --dry-run plan");
	return words[o + 1].replace(/^'|'$/g, "");
}

/**
 * The seed procedure typed by hand (issue 14): sshfs of the client's `/`
 * with pullbak's options, binds of /dev, /proc, /sys, the repository,
 * borg's dirs and a temp dir onto the mount, `chroot`, `borg create
 * --files-cache ctime,size` (the client's borg), unmount. The mount points
 * for the binds are made once on the client's disk (the backup key is
 * read-only), as an admin prepares a client once.
 */
export async function byHandVariant(ctx, source, chrootConfig) {
	const dir = join(ctx.work, "variants", "by-hand");
	const mnt = join(dir, "mnt");
	const options = await pullbakSshfsOptions(chrootConfig, ctx.host.name);
	for (const point of ["borgrepo", "root/.config/borg", "root/.cache/borg"]) mkdirSync(join(ctx.host.rootDir, point), { recursive: true });
	return {
		id: "by-hand",
		label: "by hand (seed procedure)",
		async reset() {
			await unmountUnder(dir);
			rmSync(dir, { recursive: true, force: true });
			for (const sub of ["mnt", "borg/config", "borg/cache", "tmp"]) mkdirSync(join(dir, sub), { recursive: true });
			chmodSync(join(dir, "tmp"), 0o1777);
			await runCommand(["borg", "init", "--encryption=repokey-blake2", join(dir, "repo")], {
				env: { ...process.env, BORG_CONFIG_DIR: join(dir, "borg/config"), BORG_CACHE_DIR: join(dir, "borg/cache"), BORG_PASSPHRASE_FD: "3" },
				fd3File: ctx.lab.passphraseFile,
			});
		},
		run: (expect) =>
			measured(ctx.host, async () => {
				const start = process.hrtime.bigint();
				let stdout;
				try {
					await runCommand(["sshfs", "-F", "none", "-p", String(ctx.host.port), "-o", options, `root@${ctx.host.address}:/`, mnt]);
					const binds = [["/dev", "dev"], ["/proc", "proc"], ["/sys", "sys"], [join(dir, "repo"), "borgrepo"], [join(dir, "borg/config"), "root/.config/borg"], [join(dir, "borg/cache"), "root/.cache/borg"], [join(dir, "tmp"), "tmp"]];
					for (const [from, to] of binds) await runCommand(["mount", "--bind", from, join(mnt, to)]);
					// Relocated: init saw the repository at its server path, the chroot sees /borgrepo.
					({ stdout } = await runCommand(
						["chroot", mnt, "borg", "create", "--json", "--files-cache", "ctime,size", "--one-file-system", "--exclude", "/borgrepo", "--exclude", "/dev", "--exclude", "/proc", "--exclude", "/sys", `/borgrepo::h-${Date.now()}`, source],
						{ env: { ...process.env, HOME: "/root", BORG_PASSPHRASE_FD: "3", BORG_RELOCATED_REPO_ACCESS_IS_OK: "yes" }, fd3File: ctx.lab.passphraseFile },
					));
				} finally {
					await unmountUnder(dir);
				}
				const seconds = Number(process.hrtime.bigint() - start) / 1e9;
				const stats = createdStats(stdout);
				check("by hand", stats.files, stats.newBytes, expect);
				return { seconds };
			}),
	};
}
