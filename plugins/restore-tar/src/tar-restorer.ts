import { keyFileFor, PullbakError, serverRunner, type Job, type Restorer, type RestoreParts, type RestoreRequest } from "@pullbak/core";
import { CLIENT_TAR_ARGV, CLIENT_TAR_COMMAND } from "./client-tar.js";
import { pipeFailure } from "./pipe-failure.js";
import { unknownDevices } from "./unknown-devices.js";

/**
 * Streams the archive from the repository (on the server, as it is: export-tar
 * needs no client names) into tar on the client. `job.commands.pipe` connects
 * the two processes' pipes directly, so memory stays constant for any size.
 * Nothing is undone on failure: what tar wrote before the failure stays.
 * Device nodes are left out and named (exit 1): see unknownDevices.
 */
export class TarRestorer implements Restorer {
  readonly key = { purpose: "tar", forcedCommand: CLIENT_TAR_COMMAND };

  async restore(job: Job, parts: RestoreParts, request: RestoreRequest): Promise<void> {
    const view = await parts.transport.open(job, { mount: "none", key: this.key.purpose });
    if (!view.remote) {
      throw new PullbakError("PLUGIN_REQUIREMENT", `host ${job.host.name}: the transport cannot run a command on the client, which tar-restore needs`);
    }
    const runner = serverRunner(parts.archiver.needs(job));
    const devices = await unknownDevices(job, parts.archiver, runner, request);
    const producer = await parts.archiver.exportTar(job, runner, { archive: request.archive, paths: request.paths, excludes: devices });
    const consumer = view.remote(CLIENT_TAR_ARGV);
    const what = request.paths.length > 0 ? request.paths.join(", ") : "the whole archive";
    job.log.info(`host ${job.host.name}: streaming ${request.archive} (${what}) into tar on the client`);
    const ends = await job.commands.pipe(producer, consumer, { onStderrLine: (line) => job.log.debug(line) });
    if (ends.producer.canceled || ends.consumer.canceled) {
      throw job.signal.reason instanceof PullbakError ? job.signal.reason : new PullbakError("INTERRUPTED", `host ${job.host.name}: tar-restore interrupted`);
    }
    const failure = pipeFailure(job.host, ends, keyFileFor(job.host, this.key.purpose));
    if (failure) throw failure;
    if (devices.length > 0) {
      throw new PullbakError(
        "ARCHIVER_WARNING",
        `host ${job.host.name}: restored, except ${devices.length} device node${devices.length === 1 ? "" : "s"} whose numbers the archive does not hold (SFTP carries none), left out rather than created as 0,0: ${devices.join(", ")}; recreate them with mknod`,
      );
    }
  }
}
