import { type ClientView, type CommandRunner, type Job, type OpenRequest, PullbakError, type ResolvedHost, type Transport, type TransportKey, type TransportKeyCheck } from "@pullbak/core";
import { checkIdentityFile, identityFileFor, SshTarget } from "@pullbak/ssh";
import { checkClientLine } from "./check-client-line.js";
import { forcedTarLine, type TarStreamOptions } from "./tar-line.js";

/** The purpose of the key whose forced command is the host's tar line (`ssh.keys.tar-stream`). */
export const TAR_STREAM_KEY = "tar-stream";

/**
 * Transport tar-stream (issue 14): nothing is mounted. A backup runs ssh
 * with the host's tar-stream key, whose forced command on the client is the
 * tar line `setup-client` printed from the host's sources and excludes; its
 * stdout is the stream `borg import-tar` reads. The server sends no command
 * and runs no program of the client's; the client's tar looks its own user
 * and group names up. Other keys (a restore's) run their forced commands as
 * with sshfs, through `remote`.
 */
export class TarStreamTransport implements Transport {
  constructor(private readonly options: TarStreamOptions) {}

  async open(job: Job, request: OpenRequest): Promise<ClientView> {
    if (request.mount === "write") {
      throw new PullbakError(
        "PLUGIN_REQUIREMENT",
        `host ${job.host.name}: transport tar-stream mounts nothing, so this restore method cannot write into a mount; use tar-restore, or --plugin sshfs for this restore (docs/tar-stream.md)`,
      );
    }
    if (request.key === "backup") {
      // The backup key of a tar-stream host is the tar-stream key; nothing asks it for links or files.
      if (request.mount !== "read") return {};
      const target = await this.#target(job.host, TAR_STREAM_KEY);
      // The forced command ignores what ssh asks for: no command words are sent.
      return { tarStream: { argv: target.sshArgv([], []) } };
    }
    const target = await this.#target(job.host, request.key);
    return { remote: (argv) => ({ argv: target.sshArgv([], argv) }) };
  }

  keys(host: ResolvedHost): TransportKey[] {
    return [{ purpose: TAR_STREAM_KEY, forcedCommand: forcedTarLine(host, this.options).line, usedBy: "backups (transport tar-stream)" }];
  }

  async checkKeys(host: ResolvedHost, commands: CommandRunner): Promise<TransportKeyCheck[]> {
    const target = await this.#target(host, TAR_STREAM_KEY);
    return [await checkClientLine(host, commands, target, forcedTarLine(host, this.options).fingerprint)];
  }

  async #target(host: ResolvedHost, purpose: string): Promise<SshTarget> {
    const identity = identityFileFor(host, purpose);
    await checkIdentityFile(identity);
    return new SshTarget(host, identity.path);
  }
}
