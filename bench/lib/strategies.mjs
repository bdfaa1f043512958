// The strategies `pnpm bench` puts side by side: data, one entry each. A new
// strategy is one more entry; it is measured when its plugins are built into
// the CLI (`requires`), and skipped with a note otherwise.
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * @typedef {object} Strategy
 * @property {string} id        short, file-name safe (its state dir's name)
 * @property {string} label     as printed in the tables
 * @property {Record<string, unknown>} settings  laid over the lab config's `defaults` (transport, isolation, options)
 * @property {string[]} requires  plugin names that must be built into the CLI
 * @property {boolean} scale    also measured in the files-count table (1k, 10k, 100k)
 * @property {boolean} [scaleOnly]  measured in the files-count table only, not in the strategy tables
 * @property {string} [stockOf]  the id of the strategy this one is the stock-borg "before" of: the
 *   files-count table gives that strategy's full runs as a ratio to this one's, round by round
 * @property {(ctx: { lab: object, host: object, config: string, pullbak: (...args: string[]) => Promise<{ stdout: string }> }) => Promise<void>} [prepare]
 *   one-time client setup once the variant's config is written (keys, authorized_keys lines)
 */

/**
 * tar-stream's client side, as docs/tar-stream.md has an admin set it up: a
 * key of its own (`ssh.keys.tar-stream`), and the forced tar line that
 * `pullbak setup-client HOST --authorized-keys` prints for the host's
 * sources, appended to the client's authorized_keys.
 */
async function installTarLine({ lab, host, config, pullbak }) {
	const parsed = JSON.parse(readFileSync(config, "utf8"));
	parsed.defaults.ssh = { ...parsed.defaults.ssh, keys: { ...parsed.defaults.ssh?.keys, "tar-stream": join(lab.dir, "keys", "tar-stream") } };
	writeFileSync(config, JSON.stringify(parsed, null, 2));
	const { stdout } = await pullbak("setup-client", host.name, "--authorized-keys");
	const line = stdout.split("\n").find((l) => l.includes("--create"));
	if (!line) throw new Error("tar-stream: setup-client printed no tar line");
	appendFileSync(join(host.rootDir, "root/.ssh/authorized_keys"), `${line}\n`);
}

/** @type {Strategy[]} */
export const strategies = [
	{ id: "sshfs-chroot", label: "sshfs + chroot", settings: { transport: "sshfs", isolation: "chroot" }, requires: ["sshfs", "chroot"], scale: true },
	{ id: "sshfs-none", label: "sshfs + none", settings: { transport: "sshfs", isolation: "none" }, requires: ["sshfs", "none"], scale: true },
	{ id: "sshfs-userdb", label: "sshfs + userdb", settings: { transport: "sshfs", isolation: "userdb" }, requires: ["sshfs", "userdb"], scale: true },
	// Issue 16's "before": the default strategy with borg's own `create` (the files-cache-first
	// patch off), so the files-count table shows the patch's gain on unchanged runs and that full
	// runs are not slower, both measured in the same rounds as the patched runs.
	{
		id: "sshfs-chroot-stock",
		label: "sshfs + chroot, stock borg",
		settings: { transport: "sshfs", isolation: "chroot", options: { borg: { filesCacheFirst: false } } },
		requires: ["sshfs", "chroot"],
		scale: true,
		scaleOnly: true,
		stockOf: "sshfs-chroot",
	},
	// Issue 14: no mount; the client's tar streams into `borg import-tar`.
	{ id: "tar-stream", label: "tar-stream", settings: { transport: "tar-stream", isolation: "none" }, requires: ["tar-stream", "none"], scale: false, prepare: installTarLine },
];
