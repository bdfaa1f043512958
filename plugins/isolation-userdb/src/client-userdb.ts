import { rm, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ClientView, type Job, PullbakError } from "@pullbak/core";
import { enterJail } from "@pullbak/jail";

/** libexec/copy-userdb.py: read by the server's python, bound read-only into the jail. */
const COPIER_DIR = fileURLToPath(new URL("../libexec", import.meta.url));
/** The copier's "refused" exit: its one stderr line says what and where. */
const REFUSED = 3;

/**
 * Copies the client's /etc/passwd and /etc/group to `<hostStateDir>/userdb/`
 * (server-side, mode 0700, emptied first) and returns that directory. Later
 * commands see only these copies: the client's files are read once, here,
 * and never again through the mount.
 *
 * The copy runs as the server's own python (`-I -S`: no environment, no
 * site, no user site) in a jail (@pullbak/jail, /etc naming root only) in
 * the view's mount namespace. It opens every path component without
 * following links and refuses what is not a regular file of at most
 * `maxBytes` bytes (see libexec/copy-userdb.py).
 *
 * @param maxBytes size limit of each file, bytes
 * @throws PullbakError UNSAFE_CLIENT_PATH when a file is a link, not a regular file, missing or too big
 * @throws PullbakError COMMAND_FAILED when the copy fails otherwise
 */
export async function copyClientUserdb(job: Job, view: ClientView & { root: string }, maxBytes: number): Promise<string> {
  const dir = join(job.hostStateDir, "userdb");
  job.commands.note(`rm -rf ${dir}; mkdir -m 0700 ${dir}`);
  if (!job.commands.dryRun) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true, mode: 0o700 });
    job.undo.push(`rm -rf ${dir}`, () => rm(dir, { recursive: true, force: true }));
  }
  const needs = [
    { name: "copier", source: COPIER_DIR, writable: false },
    { name: "userdb", source: dir, writable: true },
  ];
  const jail = await enterJail(job, view, needs, { dirPrefix: "userdb-copy-jail-" });
  const script = `${jail.pathOf("copier")}/copy-userdb.py`;
  const spec = jail.wrap({ argv: ["/usr/bin/python3", "-I", "-S", "-B", script, "/client", jail.pathOf("userdb"), String(maxBytes)] });
  const result = await job.commands.run(spec);
  if (result.exitCode === 0) return dir;
  const said = result.stderr.trim().split("\n").at(-1) ?? "";
  if (result.exitCode === REFUSED) {
    throw new PullbakError("UNSAFE_CLIENT_PATH", `host ${job.host.name}: isolation userdb refuses the client's names: ${said}`);
  }
  throw new PullbakError("COMMAND_FAILED", `host ${job.host.name}: copying the client's /etc/passwd and /etc/group failed (exit ${result.exitCode}): ${said || "no message"}`);
}
