import { keyFileFor, pathList, PullbakError, restoreSelection, restoreWithNotes, serverRunner, type ClientView, type Job, type Restorer, type RestoreParts, type RestoreRequest, type Runner } from "@pullbak/core";
import { CLIENT_TAR_ARGV, CLIENT_TAR_COMMAND } from "./client-tar.js";
import { pipeFailure } from "./pipe-failure.js";

/**
 * Streams the archive from the repository (on the server, as it is: export-tar
 * needs no client names) into tar on the client. `job.commands.pipe` connects
 * the two processes' pipes directly, so memory stays constant for any size.
 * Nothing is undone on failure: what tar wrote before the failure stays.
 * Device nodes are left out and named, as are mtimes borg clamped (exit 1):
 * see core restoreSelection. FIFOs and an mtime of 0 come back as they were.
 */
export class TarRestorer implements Restorer {
  readonly key = { purpose: "tar", forcedCommand: CLIENT_TAR_COMMAND };

  async restore(job: Job, parts: RestoreParts, request: RestoreRequest): Promise<void> {
    const view = await parts.transport.open(job, { mount: "none", key: this.key.purpose });
    if (!view.remote) {
      throw new PullbakError("PLUGIN_REQUIREMENT", `host ${job.host.name}: the transport cannot run a command on the client, which tar-restore needs`);
    }
    const runner = serverRunner(parts.archiver.needs(job));
    const selection = await restoreSelection(job, parts.archiver, runner, request, { fifos: true, zeroMtime: true });
    const remote = view.remote.bind(view);
    await restoreWithNotes(job, selection, () => this.stream(job, remote, runner, parts, request, selection?.leftOut ?? []));
  }

  private async stream(job: Job, remote: NonNullable<ClientView["remote"]>, runner: Runner, parts: RestoreParts, request: RestoreRequest, leftOut: readonly string[]): Promise<void> {
    const producer = await parts.archiver.exportTar(job, runner, { archive: request.archive, paths: request.paths, excludes: leftOut });
    const consumer = remote(CLIENT_TAR_ARGV);
    const what = request.paths.length > 0 ? pathList(request.paths) : "the whole archive";
    job.log.info(`host ${job.host.name}: streaming ${request.archive} (${what}) into tar on the client`);
    const ends = await job.commands.pipe(producer, consumer, { onStderrLine: (line) => job.log.debug(line) });
    if (ends.producer.canceled || ends.consumer.canceled) {
      throw job.signal.reason instanceof PullbakError ? job.signal.reason : new PullbakError("INTERRUPTED", `host ${job.host.name}: tar-restore interrupted`);
    }
    const failure = pipeFailure(job.host, ends, keyFileFor(job.host, this.key.purpose));
    if (failure) throw failure;
  }
}
