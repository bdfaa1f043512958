import { localRootOf, pathList, PullbakError, restoreSelection, restoreWithNotes, serverRunner, type Job, type Restorer, type RestoreParts, type RestoreRequest } from "@pullbak/core";
import { assertRestoredOnClient } from "./restored-paths-check.js";

/**
 * The partial restore: the backup's own setup (client's `/` mounted, chroot
 * into it), but read-write and with the isolation told to let writes through
 * to the client, then the archiver extracts the asked paths inside it. borg
 * looks the archived user and group names up in the client's passwd and
 * group, so files get the client's current ids. Restored symlinks keep their
 * targets untouched when the transport says a link's metadata would land on
 * its target (sshfs).
 */
export class ChrootExtractRestorer implements Restorer {
  readonly key = { purpose: "restore", forcedCommand: "internal-sftp" };

  async restore(job: Job, parts: RestoreParts, request: RestoreRequest): Promise<void> {
    if (request.paths.length === 0) job.log.warn(`host ${job.host.name}: chroot-extract without paths restores the whole archive`);
    // Left out: what SFTP cannot create (FIFOs, devices), which borg would delete first (issue 15).
    const selection = await restoreSelection(job, parts.archiver, serverRunner(parts.archiver.needs(job)), request, { fifos: false, zeroMtime: false });
    const view = await parts.transport.open(job, { mount: "write", key: this.key.purpose });
    if (!view.root) {
      throw new PullbakError("PLUGIN_REQUIREMENT", `host ${job.host.name}: the transport does not mount the client, which chroot-extract needs`);
    }
    const runner = await parts.isolation.enter(job, view, parts.archiver.needs(job), { writes: "client" });
    const root = localRootOf(view) ?? view.root;
    const what = request.paths.length > 0 ? pathList(request.paths) : "the whole archive";
    job.log.info(`host ${job.host.name}: extracting ${what} from ${request.archive} inside the chroot`);
    await restoreWithNotes(job, selection, async () => {
      await parts.archiver.extract(job, runner, {
        archive: request.archive,
        paths: request.paths,
        numericIds: false,
        skipSymlinkMetadata: view.setattrFollowsSymlinks ?? false,
        excludes: selection?.leftOut ?? [],
      });
      // pullbak's own lstat reaches the run's mount namespace through /proc (ClientView.localRoot).
      await assertRestoredOnClient(job, root, request.paths);
    });
  }
}
