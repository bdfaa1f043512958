import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, rmdir, stat } from "node:fs/promises";
import { join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { PullbakError, type Job, type Need, type Runner } from "@pullbak/core";

/** The fixed script that builds the jail; values reach it as "$1".. only. */
export const JAIL_SCRIPT = fileURLToPath(new URL("../libexec/run-in-jail.sh", import.meta.url));

/** Where the client's tree is inside the jail; also the default working directory. */
export const CLIENT_IN_JAIL = "/client";

const JAIL_DIR_PREFIX = "extract-jail-";

const needName = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/**
 * A runner whose commands run chrooted into a throwaway root on the server
 * (see libexec/run-in-jail.sh): the client's tree at /client, the needs under
 * a per-run random directory, the server's /usr read-only, nothing else.
 *
 * Why: the extract writes into a tree the client serves. With sshfs's
 * no_contain_symlinks, a symlink the client planted (or swapped in while borg
 * runs) is resolved by the server's kernel against the *process's root*. Here
 * that root is the jail, so `etc -> /root/.ssh` leads nowhere writable, and the
 * only writable paths besides /client are the needs, whose directory name is
 * random per run so a client cannot aim a link at them.
 */
export async function enterJail(job: Job, clientRoot: string, needs: readonly Need[]): Promise<Runner> {
  for (const need of needs) {
    if (!needName.test(need.name)) throw new Error(`archiver need name ${JSON.stringify(need.name)} is not a plain file name`);
    if (!posix.isAbsolute(need.source)) throw new Error(`archiver need ${need.name}: source ${need.source} is not absolute`);
  }
  const needsDir = `needs-${randomBytes(16).toString("hex")}`;
  const jailDir = await makeJailDir(job);
  await makeWritableSources(job, needs);

  const needArgs = needs.flatMap((need) => [need.name, need.source, need.writable ? "rw" : "ro"]);
  return {
    pathOf(name) {
      if (!needs.some((need) => need.name === name)) throw new Error(`no need named ${name}`);
      return posix.join("/", needsDir, name);
    },
    clientPath: (path) => path.replace(/^\/+/, "") || ".",
    added: [],
    wrap(spec) {
      const workdir = spec.cwd === undefined ? CLIENT_IN_JAIL : posix.resolve(CLIENT_IN_JAIL, spec.cwd);
      const { cwd: _cwd, ...rest } = spec;
      return {
        ...rest,
        argv: ["unshare", "--mount", "--propagation", "private", "--", "/bin/sh", JAIL_SCRIPT, jailDir, clientRoot, needsDir, workdir, ...needArgs, "--", ...spec.argv],
      };
    },
  };
}

/** An empty server-side directory the jail's tmpfs is mounted on (in the private namespace only). */
async function makeJailDir(job: Job): Promise<string> {
  const prefix = join(job.hostStateDir, JAIL_DIR_PREFIX);
  if (job.commands.dryRun) {
    job.commands.note(`mkdir ${prefix}XXXXXX`);
    return `${prefix}XXXXXX`;
  }
  await mkdir(job.hostStateDir, { recursive: true, mode: 0o700 });
  await removeStaleJailDirs(job.hostStateDir);
  const dir = await mkdtemp(prefix);
  job.commands.note(`mkdir ${dir}`);
  job.undo.push(`rmdir ${dir}`, () => rmdir(dir));
  return dir;
}

/**
 * A run killed with SIGKILL leaves its jail dir behind, empty: the jail's
 * mounts lived in the dead process's namespace. rmdir (never rm -r) refuses
 * anything that is not an empty dir.
 */
async function removeStaleJailDirs(hostStateDir: string): Promise<void> {
  for (const name of await readdir(hostStateDir)) {
    if (name.startsWith(JAIL_DIR_PREFIX)) await rmdir(join(hostStateDir, name)).catch(() => {});
  }
}

/** A bind mount needs its source to exist; borg would create its cache and config dirs itself. */
async function makeWritableSources(job: Job, needs: readonly Need[]): Promise<void> {
  for (const need of needs) {
    const exists = await stat(need.source).then(
      () => true,
      () => false,
    );
    if (exists) continue;
    if (!need.writable) throw new PullbakError("COMMAND_FAILED", `host ${job.host.name}: ${need.source} (the archiver's ${need.name}) does not exist`);
    job.commands.note(`mkdir -p ${need.source}`);
    if (!job.commands.dryRun) await mkdir(need.source, { recursive: true, mode: 0o700 });
  }
}
