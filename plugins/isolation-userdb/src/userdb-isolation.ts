import { type ClientView, type EnterOptions, type Isolation, type Job, type Need, PullbakError, type Runner } from "@pullbak/core";
import { enterJail } from "@pullbak/jail";
import { copyClientUserdb } from "./client-userdb.js";

export interface UserdbSettings {
  /** Size limit of the client's /etc/passwd and of its /etc/group, each, in bytes. */
  maxFileBytes: number;
}

/**
 * The client's names with no client program at all (issue #10): the
 * server's own borg runs in a jail (@pullbak/jail) whose only tree besides
 * the server's /usr and the needs is the client's, and whose /etc/passwd and
 * /etc/group are server-side copies of the client's, with an nsswitch.conf
 * naming `files` only. borg records names as it does in the chroot, and
 * paths relative to the client's root ("/etc" -> "etc"), which is how borg
 * records "/etc" in the chroot too.
 */
export class UserdbIsolation implements Isolation {
  constructor(private readonly settings: UserdbSettings) {}

  async enter(job: Job, view: ClientView, needs: readonly Need[], options: EnterOptions = {}): Promise<Runner> {
    if (!view.root) {
      throw new PullbakError("PLUGIN_REQUIREMENT", `host ${job.host.name}: isolation userdb runs borg on the client's mounted tree, but the transport mounted nothing`);
    }
    if (options.writes === "client") {
      throw new PullbakError(
        "PLUGIN_REQUIREMENT",
        `host ${job.host.name}: isolation userdb does not write to the client; restore with --plugin extract (numeric ids) or tar-restore (the client's tar maps names)`,
      );
    }
    const withRoot = { ...view, root: view.root };
    const userdb = await copyClientUserdb(job, withRoot, this.settings.maxFileBytes);
    job.log.debug(`host ${job.host.name}: isolation userdb: names from copies of the client's /etc/passwd and /etc/group in ${userdb}`);
    return enterJail(job, withRoot, needs, { dirPrefix: "userdb-jail-", etc: { kind: "files", dir: userdb } });
  }
}
