import { sshDestination, type ResolvedHost } from "@pullbak/core";
import { remoteWords } from "./remote-words.js";
import { assertSafeAddress, assertSafePath, assertSafeUser, isIpv6 } from "./safe-values.js";
import { NO_SSH_CONFIG, sshOptions } from "./ssh-options.js";

/** One client as ssh and sshfs address it, with one key. All values are validated once, here. */
export class SshTarget {
  readonly user: string;
  readonly address: string;
  readonly port: number;
  readonly knownHostsFile: string;
  /** The name the host key is pinned under (issue 14: the host's name for a tunnelled host). */
  readonly knownHostsName: string;
  /** For messages: `address:port`, or `the tunnel on 127.0.0.1:PORT`. */
  readonly label: string;
  /** `Key=value` words, the same for sshfs and plain ssh. */
  readonly options: readonly string[];

  constructor(
    host: ResolvedHost,
    readonly identityFile: string,
  ) {
    this.user = assertSafeUser(host.ssh.user, `hosts.${host.name}.ssh.user`);
    const destination = sshDestination(host);
    this.address = assertSafeAddress(destination.address, `hosts.${host.name}.address`);
    this.port = destination.port;
    this.knownHostsName = destination.knownHostsName;
    this.label = destination.label;
    this.knownHostsFile = assertSafePath(host.ssh.knownHostsFile, `hosts.${host.name}.ssh.knownHostsFile`);
    this.options = sshOptions(host, identityFile);
  }

  /** `user@[v6]:/` for sshfs; ssh itself takes the bare address. */
  get sshfsSource(): string {
    const address = isIpv6(this.address) ? `[${this.address}]` : this.address;
    return `${this.user}@${address}:/`;
  }

  /** `sftp -q -b BATCH [options] -P PORT -- user@address`: the batch runs on the client, as the key's forced command allows. */
  sftpArgv(batchFile: string): string[] {
    const address = isIpv6(this.address) ? `[${this.address}]` : this.address;
    return ["sftp", "-q", "-b", batchFile, ...NO_SSH_CONFIG, ...this.options.flatMap((o) => ["-o", o]), "-P", String(this.port), "--", `${this.user}@${address}`];
  }

  /**
   * `ssh [flags] -- user@address [command words]`. The `--` ends ssh's own
   * options, so nothing after it is read as one.
   */
  sshArgv(flags: readonly string[], command: readonly string[]): string[] {
    const identity = this.options.filter((o) => !o.startsWith("IdentityFile="));
    return [
      "ssh",
      ...NO_SSH_CONFIG,
      ...identity.flatMap((o) => ["-o", o]),
      "-i",
      this.identityFile,
      "-p",
      String(this.port),
      "-T",
      ...flags,
      "--",
      `${this.user}@${this.address}`,
      ...remoteWords(command),
    ];
  }
}
