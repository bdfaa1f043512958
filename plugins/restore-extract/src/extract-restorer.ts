import { pathList, PullbakError, restoreSelection, restoreWithNotes, serverRunner, type Job, type Restorer, type RestoreParts, type RestoreRequest } from "@pullbak/core";
import { enterJail } from "@pullbak/jail";

/**
 * The full restore: mount the client's `/` read-write and let the archiver
 * extract into it with the archived numeric uid/gid (no chroot into the
 * client, so the client's passwd plays no part). The extract runs in a
 * server-side jail, not on the server as it is: see @pullbak/jail.
 */
export class ExtractRestorer implements Restorer {
  readonly key = { purpose: "restore", forcedCommand: "internal-sftp" };

  async restore(job: Job, parts: RestoreParts, request: RestoreRequest): Promise<void> {
    // Left out: what SFTP cannot create (FIFOs, devices), which borg would delete first (issue 15).
    const selection = await restoreSelection(job, parts.archiver, serverRunner(parts.archiver.needs(job)), request, { fifos: false, zeroMtime: false });
    const view = await parts.transport.open(job, { mount: "write", key: this.key.purpose });
    if (!view.root) {
      throw new PullbakError("PLUGIN_REQUIREMENT", `host ${job.host.name}: the transport does not mount the client, which extract needs`);
    }
    const runner = await enterJail(job, { ...view, root: view.root }, parts.archiver.needs(job), { dirPrefix: "extract-jail-" });
    const what = request.paths.length > 0 ? pathList(request.paths) : "the whole archive";
    job.log.info(`host ${job.host.name}: extracting ${request.archive} (${what}) with numeric ids`);
    await restoreWithNotes(job, selection, () =>
      parts.archiver.extract(job, runner, {
        archive: request.archive,
        paths: request.paths,
        numericIds: true,
        skipSymlinkMetadata: view.setattrFollowsSymlinks ?? false,
        excludes: selection?.leftOut ?? [],
      }),
    );
  }
}
