// The one lab host every measurement of `pnpm bench` uses, its configs and
// its wire counter. Shared by bench/bench.mjs and the scripts beside it.
import { readFileSync, writeFileSync, mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

export const repoRoot = resolve(import.meta.dirname, "../..");
const lab = await import(join(repoRoot, "packages/lab/dist/index.js"));
const core = await import(join(repoRoot, "packages/core/dist/index.js"));

/**
 * Brings up a one-host lab in WORK/lab (see docs/lab.md).
 * @returns the lab (`@pullbak/lab`'s Lab) and its host
 */
export async function benchLabUp(work) {
	const up = await lab.labUp({ dir: join(work, "lab"), count: 1 });
	return { lab: up, host: up.hosts[0] };
}

/** Takes the lab in WORK/lab down (its hosts, mounts and slots); never throws. */
export async function benchLabDown(work) {
	await lab.labDown({ dir: join(work, "lab") }).catch((error) => console.error(`lab down: ${error.message}`));
}

/**
 * Writes a pullbak config for one variant: the lab's own config with its
 * own state dir and repositories under WORK/variants/ID (so each variant has
 * its own files cache), backing up SOURCE only, with SETTINGS (transport,
 * isolation, options...) laid over the defaults. JSON is YAML.
 * @returns the config file's path
 */
export async function writeVariantConfig(work, labInfo, id, source, settings = {}) {
	const { config } = await core.loadConfig(labInfo.configFile);
	const dir = join(work, "variants", id);
	mkdirSync(dir, { recursive: true });
	config.stateDir = join(dir, "state");
	config.defaults = {
		...config.defaults,
		...settings,
		sources: [source],
		repository: { ...config.defaults.repository, path: join(dir, "repos", "{host}") },
	};
	const file = join(dir, "pullbak.yaml");
	writeFileSync(file, JSON.stringify(config, null, 2));
	return file;
}

/** Removes a variant's state and repositories: the next run starts from nothing. */
export function resetVariant(work, id) {
	const dir = join(work, "variants", id);
	rmSync(join(dir, "state"), { recursive: true, force: true });
	rmSync(join(dir, "repos"), { recursive: true, force: true });
}

/**
 * Bytes through the host's veth so far, both directions (the server-side end
 * `pblNsrv`, N from the host's netns `pullbak-lab-N`): every byte between the
 * server and this host, ssh's framing included.
 */
export function wireBytes(host) {
	const slot = host.netns.replace(/^pullbak-lab-/, "");
	const read = (dir) => Number(readFileSync(`/sys/class/net/pbl${slot}srv/statistics/${dir}_bytes`, "utf8"));
	return read("rx") + read("tx");
}
