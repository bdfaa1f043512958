import { setTimeout as sleep } from "node:timers/promises";
import type { ResolvedHost } from "../config/resolve-host.js";
import { sshDestination } from "../config/ssh-destination.js";
import { PullbakError } from "../errors.js";
import type { ProbeResult } from "./mount-probe.js";

/** How a watchdog paces itself; derived from the host's `ssh.aliveInterval`. */
export interface WatchdogTiming {
  /** Pause between two probes. */
  intervalMs: number;
  /** How long the client may stay silent (a probe unanswered, or failing) before it counts as lost. */
  silenceMs: number;
}

/**
 * ssh's own rule for a dead link, applied to the mount: a probe every
 * `aliveInterval` seconds, and lost after 3 intervals without an answer
 * (ServerAliveCountMax=3). A client that vanishes is noticed within
 * 4 x aliveInterval: one pause, then one unanswered probe (60 s by default).
 */
export function watchdogTiming(host: ResolvedHost): WatchdogTiming {
  const intervalMs = host.ssh.aliveInterval * 1000;
  return { intervalMs, silenceMs: 3 * intervalMs };
}

export interface WatchdogTarget {
  host: ResolvedHost;
  /** The local path where the client's files are mounted. */
  root: string;
  /** Where the probe reaches `root` from pullbak's own namespace (ClientView.localRoot); default `root`. */
  probePath?: string;
}

export type Probe = (root: string, timeoutMs: number) => Promise<ProbeResult>;

/**
 * Watches a mounted view of a client while a job works on it, and calls
 * `onLost` once when the client stops answering.
 *
 * Why a watchdog: sshfs with `reconnect` never gives up. When a client's
 * link goes dead without a reset (cable, crash, power), its ssh dies after
 * the keepalives, sshfs starts a new one and the next request waits for it,
 * again and again: borg would wait in the kernel for hours. Probing the
 * mount itself, in a separate process with a deadline, notices a dead
 * client whatever the transport does about it.
 */
export class ClientWatchdog {
  #lost: PullbakError | undefined;
  #running = false;
  #stopped = new AbortController();
  #lastAnswer = Date.now();

  constructor(
    private readonly target: WatchdogTarget,
    private readonly timing: WatchdogTiming,
    private readonly probe: Probe,
    /** `while working`: noticed by the watchdog; `afterwards`: confirmed after the work had already failed. */
    private readonly onLost: (reason: PullbakError, when: "while working" | "afterwards") => Promise<void> | void,
  ) {}

  /** The reason the client was declared lost, once it was. */
  get lost(): PullbakError | undefined {
    return this.#lost;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#lastAnswer = Date.now();
    void this.#loop();
  }

  stop(): void {
    this.#running = false;
    this.#stopped.abort();
  }

  /**
   * After the job's work failed or finished with warnings: was it because
   * the client went away? Asks once more, now, if the watchdog has not
   * decided yet; a client that fails or does not answer that probe is lost.
   */
  async confirmLost(): Promise<PullbakError | undefined> {
    if (this.#lost) return this.#lost;
    const result = await this.probe(this.target.probePath ?? this.target.root, this.timing.silenceMs);
    if (result.ok) return undefined;
    return this.#declareLost(result, "afterwards");
  }

  async #loop(): Promise<void> {
    while (this.#running) {
      try {
        await sleep(this.timing.intervalMs, undefined, { signal: this.#stopped.signal, ref: false });
      } catch {
        return; // stopped
      }
      const result = await this.probe(this.target.probePath ?? this.target.root, this.timing.silenceMs);
      if (!this.#running || this.#lost) return;
      if (result.ok) {
        this.#lastAnswer = Date.now();
        continue;
      }
      // A probe that fails fast (sshfs could not reconnect: EIO) may be a blip the next reconnect fixes;
      // only silence as long as ssh's own patience counts. An unanswered probe has waited that long already.
      if (result.timedOut || Date.now() - this.#lastAnswer >= this.timing.silenceMs) {
        await this.#declareLost(result, "while working");
        return;
      }
    }
  }

  async #declareLost(result: Exclude<ProbeResult, { ok: true }>, when: "while working" | "afterwards"): Promise<PullbakError> {
    if (this.#lost) return this.#lost;
    const { host, root } = this.target;
    const how = result.timedOut ? result.why : `they fail with "${result.why}"`;
    // issue 14: a tunnelled client is named by its tunnel, not by the 127.0.0.1 every tunnel shares.
    const client = host.tunnel ? `through ${sshDestination(host).label}` : `${host.address} (port ${host.ssh.port})`;
    this.#lost = new PullbakError("CLIENT_UNREACHABLE", `host ${host.name}: lost the client ${client}: its files mounted at ${root} stopped answering (${how})`);
    this.stop();
    await this.onLost(this.#lost, when);
    return this.#lost;
  }
}
