import { chmod, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type ClientView, type CommandResult, formatCommand, type Job, type OpenRequest, probeTunnel, type Transport } from "@pullbak/core";
import { symlinksOnClient } from "./client-symlinks.js";
import { freeSpaceOnClient } from "./client-free-space.js";
import { assertKeyWrites } from "./writable-key.js";
import { diagnoseConnection } from "./diagnose-connection.js";
import { checkIdentityFile, identityFileFor } from "@pullbak/ssh";
import { assertSafePath } from "@pullbak/ssh";
import { sshfsArgv } from "./sshfs-argv.js";
import { probeSshfs, type SshfsFeatures } from "./sshfs-features.js";
import { SshTarget } from "@pullbak/ssh";
import { enterNamespace } from "./enter-namespace.js";
import { type MountChecks, namespaceMountChecks, startNamespaceHolder } from "./namespace-holder.js";
import { detachLeftover } from "./unmount.js";
import { saysOutOfMemory, underMemoryCap } from "./memory-cap.js";

export interface SshfsOptions {
  reconnect: boolean;
  dirCache: boolean;
  /** Cap on sshfs's and its ssh's data memory (RLIMIT_DATA), MiB each; see memory-cap.ts. */
  memoryLimitMiB: number;
}

/**
 * The host's mount point never changes: borg's files cache keys on absolute
 * paths, and a new path per run would make borg read every file again.
 */
export function clientMountPoint(job: Job): string {
  return assertSafePath(join(job.hostStateDir, "client"), `stateDir (host ${job.host.name})`);
}

/** Mounts the client's `/` over SSHFS, and builds ssh commands for it. */
export class SshfsTransport implements Transport {
  /** Jobs that have mounted their client. */
  readonly #mounted = new WeakSet<Job>();

  constructor(
    private readonly options: SshfsOptions,
    /** How the mount is seen to be up; tests replace it. */
    private readonly mountChecks: MountChecks = namespaceMountChecks,
  ) {}

  async open(job: Job, request: OpenRequest): Promise<ClientView> {
    if (request.mount === "none") return this.#open(job, request, undefined);
    // `sshfs --help` needs nothing the checks before the mount make: it runs meanwhile (a restore's key check is an ssh login).
    const probing = probeSshfs(job);
    probing.catch(() => undefined);
    try {
      return await this.#open(job, request, probing);
    } finally {
      // A refused open does not leave the probe running behind it.
      await probing.catch(() => undefined);
    }
  }

  async #open(job: Job, request: OpenRequest, probing: Promise<SshfsFeatures> | undefined): Promise<ClientView> {
    const identity = identityFileFor(job.host, request.key);
    await checkIdentityFile(identity);
    const target = new SshTarget(job.host, identity.path);
    // issue 14: a tunnel that is down fails here, in seconds, with a line saying so, before any ssh waits for it.
    if (!job.commands.dryRun) await probeTunnel(job.host);
    const remote = (argv: readonly string[]) => ({ argv: target.sshArgv([], argv) });
    const symlinksAmong = (paths: readonly string[]) => symlinksOnClient(job, target, paths);
    const freeSpace = (paths: readonly string[]) => freeSpaceOnClient(job, target, paths);
    if (request.mount === "none" || !probing) return { remote, symlinksAmong, freeSpace };
    // A read-only key would mount, let the restore run and write nothing (issue 15).
    if (request.mount === "write") await assertKeyWrites(job, target, identity);

    const mountPoint = clientMountPoint(job);
    // A plugin bug, not a user's mistake: a second mount would take the first for a killed run's leftover.
    if (this.#mounted.has(job)) throw new Error(`sshfs transport: host ${job.host.name} is already mounted at ${mountPoint} for this job; open it once`);
    this.#mounted.add(job);
    await detachLeftover(job, mountPoint);
    await this.#makeMountPoint(job, mountPoint);
    const features = await probing;
    if (!features.noContainSymlinks) job.log.debug("sshfs has no no_contain_symlinks option; assuming it passes absolute symlinks through");

    const argv = underMemoryCap(sshfsArgv(target, mountPoint, features, { readOnly: request.mount === "read", ...this.options }), this.options.memoryLimitMiB);
    if (job.commands.dryRun) {
      job.commands.note(`${formatCommand({ argv: ["unshare", "--mount", "--propagation", "private", "--", ...argv] })} & (the mount lives in that namespace only)`);
      job.undo.push(`stop sshfs of ${mountPoint}`, () => job.commands.note(`stop sshfs of ${mountPoint} and its ssh (SIGTERM): its mount namespace and mount vanish with it`));
      await job.journalMount(mountPoint, "sshfs");
      return { root: mountPoint, remote, symlinksAmong, freeSpace, setattrFollowsSymlinks: true, inMountNamespace: (spec) => enterNamespace(spec, "<sshfs pid>") };
    }
    // The first answer waits for ssh's connection and login: its ConnectTimeout, and time to log in.
    const answerMs = (job.host.ssh.connectTimeout + 20) * 1000;
    const started = await startNamespaceHolder(job, argv, mountPoint, "sshfs", answerMs, this.mountChecks, (result) => this.#whyEnded(result));
    if (!started.ok) throw await diagnoseConnection(job, target, started.result.stderr);
    const pid = String(started.holder.pid);
    return {
      root: mountPoint,
      // pullbak's own reads (lstat, the watchdog's statfs) walk into the namespace through the holder's root.
      localRoot: `/proc/${pid}/root${mountPoint}`,
      remote,
      symlinksAmong,
      freeSpace,
      // SFTP v3 has no lsetstat: a chown or utime of a link is applied to its target.
      setattrFollowsSymlinks: true,
      inMountNamespace: (spec) => enterNamespace(spec, pid),
    };
  }

  /** What the verdict says when sshfs ended under a running job: the cap when that is why, else its own last words. */
  #whyEnded(result: CommandResult): string {
    const said = lastLine(result.stderr);
    if (saysOutOfMemory(result.stderr)) {
      return `it reached its memory cap of ${this.options.memoryLimitMiB} MiB (options.sshfs.memoryLimitMiB; the client sent more than a backup needs, e.g. a directory listing that never ends) and said "${said}"`;
    }
    return said ? `exit ${result.exitCode}: "${said}"` : `exit ${result.exitCode}`;
  }

  async #makeMountPoint(job: Job, mountPoint: string): Promise<void> {
    job.commands.note(`mkdir -p -m 0700 ${job.hostStateDir} ${mountPoint}`);
    if (job.commands.dryRun) return;
    await mkdir(job.hostStateDir, { recursive: true, mode: 0o700 });
    // Holds the overlay's upper layer and the client's mount: root's business only.
    await chmod(job.hostStateDir, 0o700);
    await mkdir(mountPoint, { recursive: true, mode: 0o700 });
  }
}

/** The last non-empty line of `text`, trimmed; "" when there is none. */
function lastLine(text: string): string {
  // stderr carries what the client's sshd forwards: keep the one line short.
  return (text.trim().split("\n").at(-1)?.trim() ?? "").slice(0, 300);
}
