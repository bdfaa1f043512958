import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { childEnvironment, type CommandSpec, type Runner, SERVED_CHANNEL_IN, SERVED_CHANNEL_OUT, type ServedChannelEnds } from "@pullbak/core";
import { capshList } from "./capabilities.js";
import { CHROOT_TMP, type ChrootLayout, PULLBAK_DIR } from "./chroot-layout.js";
import { CHANNEL_PREFIX, FROM_SERVER, type ServedChannel, TO_SERVER } from "./client-code-needs.js";
import type { PreparedNeed } from "./needs.js";
import { MOUNTED_DIRS } from "./prepare-upper.js";

/** Shipped beside dist/ and src/; run with /bin/sh so its file mode does not matter. */
export const ENTER_CHROOT_SCRIPT = fileURLToPath(new URL("../libexec/enter-chroot.sh", import.meta.url));

export interface ChrootRunnerSettings {
  /** The program run for `borg` inside the chroot (the client's own). */
  borg: string;
  /** Kept when writes are discarded (backups). */
  capabilities: readonly string[];
  /** Kept when writes go through to the client (restores). */
  restoreCapabilities: readonly string[];
  isolateNetwork: boolean;
  proc: boolean;
  /**
   * Bytes the command may write server-side (issue #10, quota): the
   * overlay's upper layer (backups) or the tmp dir (restores) on a tmpfs of
   * this size in the command's own mount namespace; 0: on the server's disk,
   * uncapped (libexec/enter-chroot.sh, --scratch).
   */
  scratch: number;
}

/**
 * "overlay": the client's files read-only under a server-side layer that
 * takes every write. "through": the client's top-level directories bound
 * as they are, so a restore reaches the client.
 */
export type ChrootLayoutKind = "overlay" | "through";

/**
 * Every command becomes `unshare ... sh enter-chroot.sh <layout> -- argv`:
 * a fresh private mount namespace per command, in which the script mounts
 * the overlay and binds, starts each served need's server program (`borg
 * serve`) on its channel, and runs the command chrooted in a PID namespace
 * of its own, forwarding signals to it. Nothing is mounted in the server's
 * namespace and nothing outlives the command. With the client's view in a
 * mount namespace of the run's (ClientView.inMountNamespace), that is the
 * outermost wrap.
 */
export class ChrootRunner implements Runner {
  readonly added = [`/${PULLBAK_DIR}`, ...MOUNTED_DIRS.map((dir) => `/${dir}`)];
  readonly #byName: Map<string, PreparedNeed>;
  /**
   * "through" only: the needs and tmp sit at /.pullbak/<this>/. A restore
   * writes into the client's tree and follows whatever symlinks the client
   * planted there; a link aimed at a fixed /.pullbak/<need> would lead it
   * into the server's repository or borg's dirs. A name random per run is
   * one no planted link can know.
   */
  readonly #hidden: string | undefined;

  constructor(
    private readonly layout: ChrootLayout,
    private readonly clientRoot: string,
    private readonly needs: readonly PreparedNeed[],
    private readonly settings: ChrootRunnerSettings,
    private readonly kind: ChrootLayoutKind = "overlay",
    private readonly served: readonly ServedChannel[] = [],
    private readonly inMountNamespace?: (spec: CommandSpec) => CommandSpec,
  ) {
    this.#byName = new Map(needs.map((need) => [need.name, need]));
    this.#hidden = kind === "through" ? randomBytes(16).toString("hex") : undefined;
  }

  /** Where the needs and tmp are inside the chroot. */
  get #pullbakPath(): string {
    return this.#hidden ? `/${PULLBAK_DIR}/${this.#hidden}` : `/${PULLBAK_DIR}`;
  }

  /**
   * The client-side ends of a served need's channel: the two FIFOs, for a
   * program that opens them itself, and a relay, the client's own `sh` and
   * `cat` pumping bytes between a program's pipes and the FIFOs (borg's
   * Popen closes every other fd, so an inherited socket would not reach the
   * program it starts). Client code, like the rest; the server program at
   * the other end is what decides what can be done.
   */
  #channel(channel: ServedChannel): ServedChannelEnds {
    const dir = `${this.#pullbakPath}/${CHANNEL_PREFIX}${channel.name}`;
    const toServer = `${dir}/${TO_SERVER}`;
    const fromServer = `${dir}/${FROM_SERVER}`;
    return { relay: ["/bin/sh", "-c", 'cat <"$1" & exec cat >"$0"', toServer, fromServer], toServer, fromServer };
  }

  pathOf(name: string): string {
    const channel = this.served.find((served) => served.name === name);
    if (channel) return channel.served.client(this.#channel(channel)).path;
    if (!this.#byName.has(name)) throw new Error(`isolation chroot: no need named ${name} (known: ${[...this.#byName.keys()].join(", ")})`);
    return `${this.#pullbakPath}/${name}`;
  }

  /** Inside the chroot the client's paths are themselves. */
  clientPath(path: string): string {
    return path;
  }

  /** What tells the client's program to use each channel (e.g. BORG_RSH); it wins over the caller's. */
  #servedEnv(): Record<string, string> {
    return Object.assign({}, ...this.served.map((channel) => channel.served.client(this.#channel(channel)).env)) as Record<string, string>;
  }

  wrap(spec: CommandSpec): CommandSpec {
    const [program, ...args] = spec.argv;
    if (!program) throw new Error("isolation chroot: empty argv");
    const namespaces = ["--mount", "--propagation", "private", ...(this.settings.isolateNetwork ? ["--net"] : []), "--ipc"];
    const needArgs = this.needs.flatMap((need) => ["--need", need.name, need.source, `${need.writable ? "rw" : "ro"}-${need.kind}`]);
    const capabilities = this.kind === "through" ? this.settings.restoreCapabilities : this.settings.capabilities;
    const options = [
      ...(this.#hidden ? ["--hidden", this.#hidden] : []),
      ...(this.settings.scratch > 0 ? ["--scratch", String(this.settings.scratch)] : []),
      ...needArgs,
      ...this.served.flatMap((channel) => {
        // The server program's own environment (env -i): nothing of the client command's,
        // plus the channel it opens itself once it is ready (ServedNeed.command).
        const env = {
          ...childEnvironment({ argv: channel.served.command.argv, env: channel.served.command.env ?? {} }),
          [SERVED_CHANNEL_IN]: join(channel.dir, TO_SERVER),
          [SERVED_CHANNEL_OUT]: join(channel.dir, FROM_SERVER),
        };
        const words = ["env", "-i", ...Object.entries(env).map(([key, value]) => `${key}=${value}`), ...channel.served.command.argv];
        return ["--serve", channel.dir, String(words.length), ...words];
      }),
      ...(this.settings.proc ? ["--proc"] : []),
      ...(capabilities.length > 0 ? ["--caps", capshList(capabilities)] : []),
      ...(spec.cwd && spec.cwd !== "/" ? ["--chdir", spec.cwd] : []),
    ];
    const { upper, work, merged } = this.layout;
    const wrapped: CommandSpec = {
      argv: [
        "unshare",
        ...namespaces,
        "--",
        "/bin/sh",
        ENTER_CHROOT_SCRIPT,
        this.kind,
        this.clientRoot,
        upper,
        work,
        merged,
        ...options,
        "--exec",
        program === "borg" ? this.settings.borg : program,
        "--",
        ...args,
      ],
      // Temporary files stay on the server and out of the archive (a client /tmp is archived unless excluded).
      env: { TMPDIR: this.#hidden ? `${this.#pullbakPath}/tmp` : CHROOT_TMP, ...spec.env, ...this.#servedEnv() },
    };
    if (spec.secret) wrapped.secret = spec.secret;
    if (spec.killSignal) wrapped.killSignal = spec.killSignal;
    return this.inMountNamespace ? this.inMountNamespace(wrapped) : wrapped;
  }
}
