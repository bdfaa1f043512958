import { isAbsolute, join } from "node:path";
import { type ClientView, type CommandSpec, type Isolation, type Job, localRootOf, type Need, PullbakError, type Runner, runnerInView } from "@pullbak/core";
import { clientRelativePath } from "./client-relative-path.js";
import { withNumericIds } from "./numeric-ids.js";
import { assertNoSymlinkOnTheWay } from "./symlink-free.js";

export interface NoneSettings {
  borg: string;
}

/** Commands run on the server as they are, in the client's mount; needs are their server paths. */
export class NoneRunner implements Runner {
  readonly added: readonly string[] = [];
  readonly #sources: Map<string, string>;

  constructor(
    private readonly root: string,
    needs: readonly Need[],
    private readonly settings: NoneSettings,
    private readonly host: string,
    /** Where pullbak's own lstat reaches `root` (ClientView.localRoot). */
    private readonly localRoot: string = root,
  ) {
    this.#sources = new Map(needs.map((need) => [need.name, need.source]));
  }

  pathOf(name: string): string {
    const source = this.#sources.get(name);
    if (source === undefined) throw new Error(`isolation none: no need named ${name} (known: ${[...this.#sources.keys()].join(", ")})`);
    return source;
  }

  clientPath(path: string): string {
    const relative = clientRelativePath(path);
    assertNoSymlinkOnTheWay(this.localRoot, relative, this.host);
    return relative;
  }

  /** A caller's cwd is a client path (`/` or `etc`); it is resolved inside the mount. */
  wrap(spec: CommandSpec): CommandSpec {
    const cwd = spec.cwd === undefined ? this.root : join(this.root, isAbsolute(spec.cwd) ? clientRelativePath(spec.cwd) : spec.cwd);
    return { ...withNumericIds(spec, this.settings.borg), cwd };
  }
}

export class NoneIsolation implements Isolation {
  constructor(private readonly settings: NoneSettings) {}

  async enter(job: Job, view: ClientView, needs: readonly Need[]): Promise<Runner> {
    if (!view.root) {
      throw new PullbakError("PLUGIN_REQUIREMENT", `host ${job.host.name}: isolation none runs commands in the client's mount, but the transport mounted nothing`);
    }
    job.log.debug(`host ${job.host.name}: isolation none: owners are stored as numeric ids only`);
    return runnerInView(view, new NoneRunner(view.root, needs, this.settings, job.host.name, localRootOf(view)));
  }
}
