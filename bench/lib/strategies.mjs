// The strategies `pnpm bench` puts side by side: data, one entry each. A new
// strategy is one more entry; it is measured when its plugins are built into
// the CLI (`requires`), and skipped with a note otherwise.

/**
 * @typedef {object} Strategy
 * @property {string} id        short, file-name safe (its state dir's name)
 * @property {string} label     as printed in the tables
 * @property {Record<string, unknown>} settings  laid over the lab config's `defaults` (transport, isolation, options)
 * @property {string[]} requires  plugin names that must be built into the CLI
 * @property {boolean} scale    also measured in the files-count table (1k, 10k, 100k)
 */

/** @type {Strategy[]} */
export const strategies = [
	{ id: "sshfs-chroot", label: "sshfs + chroot", settings: { transport: "sshfs", isolation: "chroot" }, requires: ["sshfs", "chroot"], scale: true },
	{ id: "sshfs-none", label: "sshfs + none", settings: { transport: "sshfs", isolation: "none" }, requires: ["sshfs", "none"], scale: true },
	{ id: "sshfs-userdb", label: "sshfs + userdb", settings: { transport: "sshfs", isolation: "userdb" }, requires: ["sshfs", "userdb"], scale: true },
	// Issue 14: no mount; the client's tar streams into `borg import-tar`.
	{ id: "tar-stream", label: "tar-stream", settings: { transport: "tar-stream", isolation: "none" }, requires: ["tar-stream", "none"], scale: false },
];
