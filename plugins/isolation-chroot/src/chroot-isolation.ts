import { mkdir } from "node:fs/promises";
import { type ClientView, type EnterOptions, type Isolation, type Job, localRootOf, type Need, PullbakError, type Runner } from "@pullbak/core";
import { chrootLayout } from "./chroot-layout.js";
import { ChrootRunner, type ChrootRunnerSettings } from "./chroot-runner.js";
import { clientCodeNeeds } from "./client-code-needs.js";
import { refuseClientPullbakDir } from "./client-pullbak-check.js";
import { checkNeedNames, prepareNeeds } from "./needs.js";
import { clearOverlay, prepareUpper } from "./prepare-upper.js";
import { assertSafePath } from "./safe-path.js";

/**
 * Runs commands chrooted into the client's `/`: names resolve from the
 * client's /etc/passwd and /etc/group, and pullbak's additions sit under
 * /.pullbak. For a backup the chroot is an overlay whose every write lands
 * in a server-side upper layer; for a restore (`writes: "client"`) the
 * client's top-level directories are bound in as they are.
 *
 * The program run is the CLIENT's (its borg), so it gets no server file
 * that a server program later uses (issue #10): a served need (the
 * repository) is reached through a channel to a server program, writable
 * needs are dirs of its own (clientCodeNeeds), and each command runs in a
 * PID namespace of its own (libexec/enter-chroot.sh).
 */
export class ChrootIsolation implements Isolation {
  constructor(private readonly settings: ChrootRunnerSettings) {}

  async enter(job: Job, view: ClientView, needs: readonly Need[], options: EnterOptions = {}): Promise<Runner> {
    if (!view.root) {
      throw new PullbakError("PLUGIN_REQUIREMENT", `host ${job.host.name}: isolation chroot needs a transport that mounts the client's / (this one did not)`);
    }
    const root = assertSafePath(view.root, `host ${job.host.name}: the client's mount point`);
    checkNeedNames(needs, root);
    // pullbak's own lstat of the client's files reaches the run's mount namespace through /proc (ClientView.localRoot).
    const localRoot = localRootOf(view) ?? root;
    await refuseClientPullbakDir(job, localRoot);
    const layout = chrootLayout(job.hostStateDir);
    job.undo.push(`clear chroot overlay ${layout.base}`, () => clearOverlay(job, layout));
    await clearOverlay(job, layout);
    const { bound, served } = await clientCodeNeeds(job, needs);
    // The channel dirs are pullbak's own, made just now (only noted under --dry-run).
    const channels = new Set(served.map((channel) => channel.dir));
    const writableNames = new Set(needs.filter((need) => need.writable).map((need) => need.name));
    const prepared = [
      // A writable need bound read-only (borg's config) is still made when missing, as the archiver would.
      ...(await prepareNeeds(
        bound.filter((need) => !channels.has(need.source)).map((need) => ({ ...need, writable: need.writable || writableNames.has(need.name) })),
        async (path) => {
          job.commands.note(`mkdir -p -m 0700 ${path}`);
          if (!job.commands.dryRun) await mkdir(path, { recursive: true, mode: 0o700 });
        },
      )).map((need) => ({ ...need, writable: bound.find((b) => b.name === need.name)!.writable })),
      ...bound.filter((need) => channels.has(need.source)).map((need) => ({ ...need, kind: "dir" as const })),
    ];
    await prepareUpper(job, layout, prepared, localRoot);
    const kind = options.writes === "client" ? "through" : "overlay";
    if (kind === "through") job.log.debug(`host ${job.host.name}: chroot writes go through to the client`);
    return new ChrootRunner(layout, root, prepared, this.settings, kind, served, view.inMountNamespace);
  }
}
