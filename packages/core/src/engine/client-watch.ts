import type { ClientView, OpenRequest, Transport } from "../contracts/transport.js";
import type { Job } from "../contracts/job.js";
import { isPullbakError, PullbakError } from "../errors.js";
import { ClientWatchdog, watchdogTiming, type Probe } from "./client-watchdog.js";
import { probeMount } from "./mount-probe.js";
import { localRootOf } from "./runner-in-view.js";

/** "host web1: borg create failed ..." -> "borg create failed ...", to quote it after another sentence about the host. */
export function withoutHostPrefix(message: string, host: string): string {
  const prefix = `host ${host}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}

/**
 * Cuts a mount whose far end stopped answering: `umount --force` makes the
 * kernel abort the FUSE connection (or a network file system's pending
 * calls), so every process waiting on it gets an error at once instead of
 * waiting forever, and the mount goes if nothing holds it. Then borg,
 * already sent its SIGINT, can see it and stop. `--no-canonicalize`: the
 * path is not looked up through the dead mount first.
 */
async function severMount(job: Job, view: ClientView, root: string): Promise<void> {
  const spec = { argv: ["umount", "--force", "--no-canonicalize", root] };
  // The mount lives in the run's own namespace (issue #10): umount it there.
  const result = await job.commands.run(view.inMountNamespace ? view.inMountNamespace(spec) : spec);
  if (result.exitCode !== 0) job.log.debug(`umount --force ${root}: ${result.stderr.trim() || `exit ${result.exitCode}`} (the transport's teardown detaches it)`);
}

/**
 * The client watch of one job: every view the job's transport mounts is
 * watched while the job works on it (see ClientWatchdog). When the client
 * is lost, the job is aborted with CLIENT_UNREACHABLE (borg gets SIGINT)
 * and the mount is cut so nothing stays blocked on it.
 */
export class ClientWatch {
  readonly #dogs: ClientWatchdog[] = [];

  constructor(
    private readonly job: Job,
    private readonly probe: Probe = probeMount,
  ) {}

  /** The transport, with every mounted view it opens for this job watched until the job's teardown. */
  transport(inner: Transport): Transport {
    return {
      open: async (job: Job, request: OpenRequest): Promise<ClientView> => {
        const view = await inner.open(job, request);
        if (view.root !== undefined && !job.commands.dryRun && job.abort) this.#watch(view, view.root);
        return view;
      },
    };
  }

  #watch(view: ClientView, root: string): void {
    const { job } = this;
    // The probe is a plain stat of pullbak's own: it reaches the run's namespace through /proc/PID/root.
    const dog = new ClientWatchdog({ host: job.host, root, probePath: localRootOf(view) ?? root }, watchdogTiming(job.host), this.probe, async (reason, when) => {
      if (when === "while working") job.log.warn(`${withoutHostPrefix(reason.message, job.host.name)}; stopping the job`);
      job.abort?.(reason);
      await severMount(job, view, root);
    });
    dog.start();
    // Pushed after the transport's unmount, so it runs before it: nothing probes a mount being taken down.
    job.undo.push(`stop watching ${root}`, () => dog.stop());
    this.#dogs.push(dog);
  }

  /** Whether the client was lost: as the watchdog decided, or by asking the mount once more now. */
  async lost(): Promise<PullbakError | undefined> {
    for (const dog of this.#dogs) {
      const lost = await dog.confirmLost();
      if (lost) return lost;
    }
    return undefined;
  }

  /**
   * The error a job reports when its work failed: when the client was lost
   * (now or earlier), that is what the user must hear first, with what was
   * not done (`what`, e.g. "archive web1-... was not created"); the work's
   * own error (borg's EIO) is logged as what it said. An interruption by
   * the user stays an interruption, and a timeout a timeout: once a run is
   * stopped, its mount may be ended under a command that still waits on it
   * (transport-sshfs), which the watchdog would take for a lost client.
   * Nor is a transport that ended by itself (TRANSPORT_ENDED: sshfs at its
   * memory cap) a lost client.
   */
  async explain(error: unknown, what: string): Promise<unknown> {
    if (this.#dogs.length === 0 || isPullbakError(error, "INTERRUPTED") || isPullbakError(error, "TIMEOUT") || isPullbakError(error, "TRANSPORT_ENDED")) return error;
    const lost = await this.lost();
    // The transport's daemon died (its memory cap): its mount fails every probe, but the client is not what went away.
    // Asked after the probe: by then the daemon's exit, which came before the work's own failure, has been seen.
    const ended = this.job.signal.aborted && isPullbakError(this.job.signal.reason, "TRANSPORT_ENDED") ? this.job.signal.reason : undefined;
    if (ended) return new PullbakError("TRANSPORT_ENDED", `${ended.message}; ${what}`, { cause: error });
    if (!lost) return error;
    const said = error instanceof Error ? withoutHostPrefix(error.message, this.job.host.name) : String(error);
    if (error !== lost && !said.includes(withoutHostPrefix(lost.message, this.job.host.name))) this.job.log.warn(`as the client went away: ${said}`);
    return new PullbakError("CLIENT_UNREACHABLE", `${lost.message}; ${what}`, { cause: error });
  }
}
