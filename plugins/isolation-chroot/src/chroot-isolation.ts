import { mkdir } from "node:fs/promises";
import { type ClientView, type EnterOptions, type Isolation, type Job, localRootOf, type Need, PullbakError, type Runner, runnerInView } from "@pullbak/core";
import { chrootLayout } from "./chroot-layout.js";
import { ChrootRunner, type ChrootRunnerSettings } from "./chroot-runner.js";
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
    const prepared = await prepareNeeds(needs, async (path) => {
      job.commands.note(`mkdir -p -m 0700 ${path}`);
      if (!job.commands.dryRun) await mkdir(path, { recursive: true, mode: 0o700 });
    });
    await prepareUpper(job, layout, prepared, localRoot);
    const kind = options.writes === "client" ? "through" : "overlay";
    if (kind === "through") job.log.debug(`host ${job.host.name}: chroot writes go through to the client`);
    return runnerInView(view, new ChrootRunner(layout, root, prepared, this.settings, kind));
  }
}
