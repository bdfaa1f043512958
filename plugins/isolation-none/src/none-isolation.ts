import { chmod, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type ClientView, type CommandSpec, type EnterOptions, type Isolation, type Job, type Need, PullbakError, type Runner } from "@pullbak/core";
import { enterJail, type JailRunner } from "@pullbak/jail";
import { withNumericIds } from "./numeric-ids.js";

export interface NoneSettings {
  borg: string;
}

/**
 * The server's own programs run in a jail (@pullbak/jail) whose only tree
 * besides the server's /usr and the needs is the client's, at /client: a
 * link the client plants, or swaps in while borg runs, resolves inside the
 * jail, never among the server's files (issue #10). borg's create and
 * extract keep numeric ids only (see numeric-ids.ts).
 */
export class NoneRunner implements Runner {
  constructor(
    private readonly jail: JailRunner,
    private readonly settings: NoneSettings,
  ) {}

  get added(): readonly string[] {
    return this.jail.added;
  }

  pathOf(name: string): string {
    return this.jail.pathOf(name);
  }

  /** Relative to the client's root, the jail's working directory: "/etc" -> "etc", "/" -> ".". */
  clientPath(path: string): string {
    return this.jail.clientPath(path);
  }

  wrap(spec: CommandSpec): CommandSpec {
    return this.jail.wrap(withNumericIds(spec, this.settings.borg));
  }
}

/**
 * An empty, root-only directory under the host's state dir, the jail's
 * /client when the transport mounts nothing (a tar stream arrives on stdin).
 */
async function emptyClientRoot(job: Job): Promise<string> {
  const dir = join(job.hostStateDir, "stream-root");
  job.commands.note(`mkdir -p -m 0700 ${dir}`);
  if (!job.commands.dryRun) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
  }
  return dir;
}

export class NoneIsolation implements Isolation {
  constructor(private readonly settings: NoneSettings) {}

  async enter(job: Job, view: ClientView, needs: readonly Need[], _options?: EnterOptions): Promise<Runner> {
    if (!view.root && !view.tarStream) {
      throw new PullbakError("PLUGIN_REQUIREMENT", `host ${job.host.name}: isolation none runs commands in the client's mount, but the transport mounted nothing`);
    }
    // Issue 14: a stream (tar-stream) brings the client's bytes on stdin; the jail's /client is an empty directory of pullbak's.
    const root = view.root ?? (await emptyClientRoot(job));
    if (view.root) job.log.debug(`host ${job.host.name}: isolation none: owners are stored as numeric ids only`);
    const jail = await enterJail(job, { ...view, root }, needs, { dirPrefix: "none-jail-" });
    return new NoneRunner(jail, this.settings);
  }
}
