import { randomBytes } from "node:crypto";
import { posix } from "node:path";
import { fileURLToPath } from "node:url";
import type { ClientView, CommandSpec, Job, Need, Runner } from "@pullbak/core";
import { jailClientPath } from "./client-path.js";
import { makeJailDir } from "./jail-dir.js";
import { checkNeeds, makeWritableSources } from "./jail-needs.js";

/** The fixed script that builds the jail; values reach it as "$1".. only. */
export const JAIL_SCRIPT = fileURLToPath(new URL("../libexec/run-in-jail.sh", import.meta.url));

/** Where the client's tree is inside the jail; also the default working directory. */
export const CLIENT_IN_JAIL = "/client";

/**
 * What the jail's /etc holds besides an nsswitch.conf naming `files` only.
 * - `root`: a passwd and group naming root only: no other id has a name
 *   (for commands that keep numeric ids).
 * - `files`: the passwd and group in `dir`, a server-side directory of
 *   pullbak's (regular files it wrote itself), bound read-only.
 */
export type JailEtc = { kind: "root" } | { kind: "files"; dir: string };

export interface JailOptions {
  /** Start of the jail directory's name under the host's state dir, e.g. "extract-jail-". */
  dirPrefix: string;
  /** Default `{ kind: "root" }`. */
  etc?: JailEtc;
}

/**
 * A runner whose commands run chrooted into a throwaway root on the server
 * (libexec/run-in-jail.sh): the client's tree at /client (the working
 * directory; client paths are spelled relative to it), the needs under a
 * per-run random directory, the server's /usr read-only, a minimal /dev and
 * an /etc of pullbak's, nothing else.
 *
 * Why: with sshfs's no_contain_symlinks, a symlink the client planted (or
 * swapped in while a command runs) is resolved by the server's kernel
 * against the *process's root*. Here that root is the jail, so `etc ->
 * /root/.ssh` leads nowhere, and the only writable paths besides /client are
 * the needs, whose directory name is random per run so a client cannot aim
 * a link at them (issue #10).
 *
 * Every command is wrapped in `view.inMountNamespace` last (outermost), so
 * it runs where the view is mounted. The jail's own mounts live in a mount
 * namespace of the command's own (`unshare --mount`) and vanish with it;
 * its cost is a dozen mounts per command, none per file.
 */
export class JailRunner implements Runner {
  readonly added: readonly string[] = [];
  readonly #needsDir = `needs-${randomBytes(16).toString("hex")}`;
  readonly #needArgs: readonly string[];
  readonly #names: ReadonlySet<string>;

  constructor(
    private readonly jailDir: string,
    private readonly view: ClientView & { root: string },
    needs: readonly Need[],
    private readonly etc: JailEtc,
  ) {
    this.#needArgs = needs.flatMap((need) => [need.name, need.source, need.writable ? "rw" : "ro"]);
    this.#names = new Set(needs.map((need) => need.name));
  }

  pathOf(name: string): string {
    if (!this.#names.has(name)) throw new Error(`jail: no need named ${name} (known: ${[...this.#names].join(", ")})`);
    return posix.join("/", this.#needsDir, name);
  }

  clientPath(path: string): string {
    return jailClientPath(path);
  }

  /** A caller's cwd is a client path (`/`, `/etc` or `etc`), resolved inside /client. */
  wrap(spec: CommandSpec): CommandSpec {
    const workdir = spec.cwd === undefined ? CLIENT_IN_JAIL : posix.join(CLIENT_IN_JAIL, jailClientPath(spec.cwd));
    const { cwd: _cwd, ...rest } = spec;
    const etc = this.etc.kind === "root" ? "-" : this.etc.dir;
    const jailed: CommandSpec = {
      ...rest,
      // With the client's passwd in /etc, a python without HOME would take root's home from it (a
      // /client/... path of the client's choosing) and load a usercustomize there: no user site at all.
      env: { ...spec.env, PYTHONNOUSERSITE: "1" },
      argv: ["unshare", "--mount", "--propagation", "private", "--", "/bin/sh", JAIL_SCRIPT, this.jailDir, this.view.root, this.#needsDir, workdir, etc, ...this.#needArgs, "--", ...spec.argv],
    };
    return this.view.inMountNamespace?.(jailed) ?? jailed;
  }
}

/**
 * Prepares a jail for `view` (which must have a `root`): checks the needs,
 * makes missing writable need sources and the jail's directory (removed by
 * the job's undo stack).
 *
 * @throws Error when a need's name or source is malformed (a plugin bug)
 * @throws PullbakError COMMAND_FAILED when a read-only need's source is missing
 */
export async function enterJail(job: Job, view: ClientView & { root: string }, needs: readonly Need[], options: JailOptions): Promise<JailRunner> {
  checkNeeds(needs);
  const jailDir = await makeJailDir(job, options.dirPrefix);
  await makeWritableSources(job, needs);
  return new JailRunner(jailDir, view, needs, options.etc ?? { kind: "root" });
}
