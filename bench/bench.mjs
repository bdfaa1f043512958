// `pnpm bench` (issues 14 and 16): every backup strategy pullbak has, side by
// side in one run on the same lab host and the same generated files, against
// borg run locally on those files and against the seed procedure typed by
// hand. Not part of the test suite. Run as root; see docs/benchmarks.md.
//
//   pnpm bench                       3 rounds, 10,000 files; scale 1k, 10k, 100k
//   pnpm bench -- --quick            a smoke test: 1 round, 200 files, scale 200
//   pnpm bench -- --rounds 5 --files 20000 --scale 1000,10000 --strategies sshfs-chroot,sshfs-none
//   pnpm bench -- --no-scale         the strategy table and start-up only
//   pnpm bench -- --parts scale --scale 100000 --strategies sshfs-chroot,sshfs-chroot-stock --full-rounds 2
//                                    one part alone (strategies, scale, startup); issue 16's
//                                    patched and stock runs side by side, 2 of the 3 rounds
//                                    with full runs
//
// Prints Markdown tables of medians over the rounds (the order of the variants
// rotating from round to round, so each sees the same drift of the shared
// machine's load):
//   1. per strategy: full run, unchanged run, run after changing 1 % of the
//      files: wall time, ratio to local borg and to the procedure by hand,
//      bytes through the lab host's veth, pullbak's peak memory;
//   2. full and unchanged runs against the number of files (sshfs strategies,
//      the default one with stock borg, and local borg, alternating round by
//      round), with the cost per file and the load they ran under;
//   3. pullbak's own start-up (`--help`, `run --dry-run`).
// Brings up its own lab host and takes everything down however it ends.
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { benchLabDown, benchLabUp, repoRoot } from "./lib/bench-lab.mjs";
import { runCommand } from "./lib/command.mjs";
import { loadAverage, machineLines } from "./lib/machine.mjs";
import { changeOnePercent, writeManyFiles } from "./lib/many-files.mjs";
import { median } from "./lib/stats.mjs";
import { strategies } from "./lib/strategies.mjs";
import { markdownTable, mebibytes, perFile, ratio, seconds } from "./lib/table.mjs";
import { byHandVariant, localBorgVariant, pullbakArgv, pullbakVariant, unmountUnder } from "./lib/variants.mjs";

const usage = "usage: pnpm bench -- [--quick] [--rounds N] [--full-rounds N] [--files N] [--scale N,N...] [--no-scale] [--strategies ID,ID...] [--parts strategies,scale,startup]";
const allParts = ["strategies", "scale", "startup"];
let args;
try {
	args = parseArgs({
		args: process.argv.slice(2).filter((a, i) => !(i === 0 && a === "--")),
		options: {
			quick: { type: "boolean", default: false },
			rounds: { type: "string" },
			"full-rounds": { type: "string" },
			files: { type: "string" },
			scale: { type: "string" },
			"no-scale": { type: "boolean", default: false },
			strategies: { type: "string" },
			parts: { type: "string", default: allParts.join(",") },
			help: { type: "boolean", short: "h", default: false },
		},
	}).values;
} catch (error) {
	console.error(`bench: ${error.message}\n${usage}`);
	process.exit(64);
}
if (args.help) {
	console.log(usage);
	process.exit(0);
}
const positive = (text, name) => {
	const n = Number(text);
	if (!Number.isInteger(n) || n < 1) {
		console.error(`bench: --${name} expects a whole number above 0, got ${JSON.stringify(text)}\n${usage}`);
		process.exit(64);
	}
	return n;
};
const rounds = positive(args.rounds ?? (args.quick ? "1" : "3"), "rounds");
// Full runs of the files-count table: at 100,000 files each takes minutes, so they may be fewer.
const fullRounds = positive(args["full-rounds"] ?? String(rounds), "full-rounds");
const files = positive(args.files ?? (args.quick ? "200" : "10000"), "files");
const scaleCounts = (args.scale ?? (args.quick ? "200" : "1000,10000,100000")).split(",").map((n) => positive(n, "scale"));
const wanted = args.strategies?.split(",");
const unknown = wanted?.filter((id) => !strategies.some((s) => s.id === id)) ?? [];
if (unknown.length > 0) {
	console.error(`bench: unknown strategy ${unknown.join(", ")}; known: ${strategies.map((s) => s.id).join(", ")}`);
	process.exit(64);
}
const parts = new Set(args.parts.split(","));
const unknownParts = [...parts].filter((p) => !allParts.includes(p));
if (unknownParts.length > 0) {
	console.error(`bench: unknown part ${unknownParts.join(", ")}; known: ${allParts.join(", ")}`);
	process.exit(64);
}
if (args["no-scale"]) parts.delete("scale");
if (process.getuid?.() !== 0) {
	console.error("bench: run as root (lab hosts need network namespaces and mounts)");
	process.exit(77);
}

const progress = (line) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const { builtinPlugins } = await import(join(repoRoot, "packages/cli/dist/builtin-plugins.js"));
const built = new Set(builtinPlugins.map((p) => p.name));
const chosen = strategies.filter((s) => !wanted || wanted.includes(s.id));
/** The 1-minute load average now, as a number. */
const load1 = () => Number(loadAverage().split(" ")[0]);
const runnable = chosen.filter((s) => s.requires.every((name) => built.has(name)));
const notes = chosen.filter((s) => !runnable.includes(s)).map((s) => `${s.label}: not measured, plugin ${s.requires.filter((n) => !built.has(n)).join(", ")} not built into the CLI`);

const work = mkdtempSync("/var/tmp/pullbak-bench-");
let ctx;
async function cleanup() {
	await unmountUnder(work);
	await benchLabDown(work);
	await unmountUnder(work);
	rmSync(work, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM"]) {
	process.on(signal, () => {
		progress(`${signal}: cleaning up`);
		cleanup().finally(() => process.exit(130));
	});
}

/** Rotates LIST by N: round r starts with a different variant. */
const rotated = (list, n) => list.map((_, i) => list[(i + n) % list.length]);

/** Runs F for VARIANT; a failure is recorded and the variant dropped, the bench goes on. */
async function attempt(variant, failed, f) {
	if (failed.has(variant.id)) return undefined;
	try {
		return await f();
	} catch (error) {
		failed.set(variant.id, error.message.split("\n")[0]);
		progress(`${variant.label} failed: ${error.message}`);
		return undefined;
	}
}

const out = [];

/** Part 1: each strategy, the procedure by hand and local borg on the same files: full, unchanged, 1 % changed. */
async function strategiesPart(ctx) {
	const { host } = ctx;
	const source = "/srv/bench";
	progress(`writing ${files} files under ${host.name}:${source}`);
	const data = writeManyFiles(join(host.rootDir, source), files);
	const pullbaks = [];
	for (const strategy of runnable.filter((s) => !s.scaleOnly)) pullbaks.push(await pullbakVariant(ctx, strategy, source));
	const variants = [...pullbaks, await byHandVariant(ctx, source, ctx.planConfig), localBorgVariant(ctx, source)];
	const phases = ["full", "unchanged", "changed"];
	const results = new Map(variants.map((v) => [v.id, { full: [], unchanged: [], changed: [] }]));
	const failed = new Map();
	let salt = 0;
	for (let round = 0; round < rounds; round++) {
		for (const variant of rotated(variants, round)) {
			await attempt(variant, failed, async () => {
				await variant.reset();
				const r = results.get(variant.id);
				r.full.push(await variant.run({ files, minNewBytes: 1, maxNewBytes: data.bytes * 2 + 4_194_304 }));
				r.unchanged.push(await variant.run({ files, maxNewBytes: 1_048_576 }));
				const changed = changeOnePercent(join(host.rootDir, source), files, ++salt);
				r.changed.push(await variant.run({ files, minNewBytes: 1, maxNewBytes: changed * 4096 + 1_048_576 }));
				progress(`round ${round + 1}/${rounds} ${variant.label}: ${phases.map((p) => seconds(r[p].at(-1).seconds)).join(" / ")} (full / unchanged / 1 % changed)`);
			});
		}
	}
	const mid = (id, phase, key) => median(results.get(id)[phase].map((m) => m[key]));
	out.push(`### Strategies: ${files.toLocaleString("en")} files of 200 B to 2 KiB (${mebibytes(data.bytes)} in ${data.dirs} directories), medians of ${rounds} round${rounds > 1 ? "s" : ""}`, "");
	for (const phase of phases) {
		const title = { full: "full run (new repository)", unchanged: "unchanged run", changed: "run after changing 1 % of the files" }[phase];
		const rows = variants.map((v) => {
			if (failed.has(v.id) && results.get(v.id)[phase].length === 0) return [v.label, `failed: ${failed.get(v.id)}`, "", "", "", ""];
			const s = mid(v.id, phase, "seconds");
			return [v.label, seconds(s), ratio(s, mid("local-borg", phase, "seconds")), ratio(s, mid("by-hand", phase, "seconds")), v.id === "local-borg" ? "-" : mebibytes(mid(v.id, phase, "wire")), mebibytes(mid(v.id, phase, "peakRss"))];
		});
		out.push(`${title}:`, "", markdownTable(["", "time", "/ local borg", "/ by hand", "over the wire", "pullbak peak RSS"], rows), "");
	}
	out.push(...notes.map((n) => `- ${n}`), ...(notes.length ? [""] : []));
	rmSync(join(host.rootDir, source), { recursive: true, force: true });
}

/** Part 2: full and unchanged runs against the number of files: sshfs strategies, stock borg and local borg, alternating. */
async function scalePart(ctx) {
	const { host } = ctx;
	const rows = [];
	// A stock-borg variant right after the strategy it is the "before" of: the two run back to back.
	const scaleStrategies = runnable.filter((s) => s.scale && !s.stockOf).flatMap((s) => [s, ...runnable.filter((t) => t.scale && t.stockOf === s.id)]);
	scaleStrategies.push(...runnable.filter((s) => s.scale && s.stockOf && !scaleStrategies.includes(s)));
	const withFull = Math.min(fullRounds, rounds);
	for (const count of scaleCounts) {
		const src = `/srv/scale-${count}`;
		progress(`writing ${count} files under ${host.name}:${src}`);
		const set = writeManyFiles(join(host.rootDir, src), count);
		const scaleVariants = [];
		for (const s of scaleStrategies) scaleVariants.push({ ...(await pullbakVariant(ctx, s, src, {}, `${s.id}-${count}`)), strategy: s });
		scaleVariants.push({ ...localBorgVariant(ctx, src), strategy: undefined });
		const scaleFailed = new Map();
		const series = () => new Map(scaleVariants.map((v) => [v.id, []]));
		const full = series();
		const unchanged = series();
		const loads = series();
		const measure = async (v, list, expect) => {
			list.get(v.id).push((await v.run(expect)).seconds);
			loads.get(v.id).push(load1());
		};
		// Round by round, the order rotating: in a round with full runs each variant starts
		// over (new repository, empty cache) and makes its full run, then each its unchanged
		// run; later rounds are unchanged runs only. So a patched run and its stock-borg
		// "before" are minutes apart, under the same load, on full runs as on unchanged ones.
		for (let round = 0; round < rounds; round++) {
			const order = rotated(scaleVariants, round);
			if (round < withFull) {
				for (const v of order) {
					await attempt(v, scaleFailed, async () => {
						await v.reset();
						await measure(v, full, { files: count, minNewBytes: 1, maxNewBytes: set.bytes * 2 + 4_194_304 });
						progress(`${count} files, round ${round + 1}/${rounds}: ${v.label} full run ${seconds(full.get(v.id).at(-1))}, load ${load1()}`);
					});
				}
			}
			for (const v of order) await attempt(v, scaleFailed, () => measure(v, unchanged, { files: count, maxNewBytes: 1_048_576 }));
			progress(`${count} files, round ${round + 1}/${rounds}, unchanged: ${scaleVariants.map((v) => `${v.label} ${seconds(unchanged.get(v.id).at(-1))}`).join(", ")}, load ${load1()}`);
		}
		// Each round's ratio, both runs minutes apart: what holds when the machine's load drifts.
		const byRound = (runs, against) => (runs.length > 0 && runs.length === against?.length ? runs.map((r, i) => ratio(r, against[i])).join(" ") : "-");
		const localFull = median(full.get("local-borg"));
		const localRuns = unchanged.get("local-borg");
		const localU = median(localRuns);
		for (const v of scaleVariants) {
			const stock = scaleVariants.find((other) => other.strategy?.stockOf !== undefined && other.strategy.stockOf === v.strategy?.id);
			const f = median(full.get(v.id));
			const u = median(unchanged.get(v.id));
			const seen = loads.get(v.id);
			const label = scaleFailed.has(v.id) ? `${v.label} (failed: ${scaleFailed.get(v.id)})` : v.label;
			rows.push([
				count.toLocaleString("en"),
				label,
				seconds(f),
				ratio(f, localFull),
				stock ? byRound(full.get(v.id), full.get(stock.id)) : "-",
				perFile(f, count),
				seconds(u),
				ratio(u, localU),
				byRound(unchanged.get(v.id), localRuns),
				perFile(u, count),
				seen.length > 0 ? `${Math.min(...seen).toFixed(1)}-${Math.max(...seen).toFixed(1)}` : "-",
			]);
		}
		rmSync(join(host.rootDir, src), { recursive: true, force: true });
	}
	const fullNote = withFull === rounds ? `medians of ${rounds}` : `full run median of ${withFull}, unchanged median of ${rounds}`;
	out.push(`### Full and unchanged runs against the number of files (${fullNote}, rounds alternating)`, "");
	out.push(
		markdownTable(
			["files", "", "full run", "/ local borg", "/ stock, each round", "per file", "unchanged run", "/ local borg", "each round", "per file", "1-min load"],
			rows,
		),
		"",
	);
}

/** Part 3: pullbak's own start-up: node, config, plugins, and a run's plan without a mount. */
async function startupPart(ctx) {
	const startupRounds = Math.max(3, rounds);
	const help = [];
	const dry = [];
	for (let round = 0; round < startupRounds; round++) {
		help.push((await runCommand(pullbakArgv("--help"))).seconds);
		dry.push((await runCommand(pullbakArgv("--config", ctx.planConfig, "run", ctx.host.name, "--dry-run"), { okCodes: [0, 1] })).seconds);
	}
	out.push(`### pullbak's start-up (median of ${startupRounds})`, "");
	out.push(markdownTable(["command", "time"], [["pullbak --help", seconds(median(help))], ["pullbak run HOST --dry-run", seconds(median(dry))]]), "");
}

const loadBefore = loadAverage();
try {
	const { lab, host } = await benchLabUp(work);
	// The default strategy's config for plans (`--dry-run`): the by-hand side copies its sshfs options.
	const planConfig = (await pullbakVariant({ work, lab, host }, strategies[0], "/srv/bench", {}, "plan")).config;
	ctx = { work, lab, host, planConfig };
	if (parts.has("strategies")) await strategiesPart(ctx);
	if (parts.has("scale") && scaleCounts.length > 0) await scalePart(ctx);
	if (parts.has("startup")) await startupPart(ctx);
} finally {
	await cleanup();
}
const header = [...(await machineLines()), `load:    ${loadBefore} before, ${loadAverage()} after (1, 5, 15 min averages)`, ""];
console.log([...header, ...out].join("\n"));
