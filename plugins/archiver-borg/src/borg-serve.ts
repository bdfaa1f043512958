import { fileURLToPath } from "node:url";
import type { Job, ServedNeed } from "@pullbak/core";
import { serverBorgEnvironment } from "./borg-environment.js";
import { storageQuotaArguments } from "./storage-quota.js";

/** The host part of the `ssh://` URL the client's borg is given; no ssh is involved, BORG_RSH is the channel. */
export const SERVE_HOST = "pullbak-serve";

/**
 * The server's borg with the repository's key out of the client's reach
 * (libexec/serve/borg): `borg serve` minus the `save_key`, `destroy`,
 * `break_lock` and `inject_exception` methods. `--append-only` does not
 * cover the key: through `save_key` a client's borg replaced the key in the
 * repository's config (the old one securely erased), and the server's
 * passphrase no longer opened any archive.
 */
export const GUARDED_SERVE = fileURLToPath(new URL("../libexec/serve/borg", import.meta.url));

/** Where the client's borg finds the channel's FIFOs, for the `serve-channel` patch. */
export const SERVE_CHANNEL_TO_SERVER = "PULLBAK_SERVE_TO_SERVER";
export const SERVE_CHANNEL_FROM_SERVER = "PULLBAK_SERVE_FROM_SERVER";

/** One word as Python's shlex.split (how borg reads BORG_RSH) gives it back. */
function shlexQuote(word: string): string {
  return /^[A-Za-z0-9_./=+@%:-]+$/.test(word) ? word : `'${word.replace(/'/g, `'"'"'`)}'`;
}

/**
 * The repository as client code (isolation `chroot`) reaches it: through the
 * SERVER's borg, `borg serve --append-only --restrict-to-repository PATH`
 * (issue #10), never as files. borg's own remote protocol carries it, over a
 * channel the isolation sets up: borg runs `BORG_RSH-words HOST borg serve
 * ...` (borg docs, "Remote repositories" and BORG_RSH) and talks to that
 * program's stdin/stdout, so BORG_RSH is the channel's relay and the extra
 * words borg appends are ignored by it. With the `serve-channel` patch, a
 * borg of the versions it was checked against opens the channel's FIFOs
 * itself instead, and the relay is not started. What the client's borg asks of
 * `borg serve` (its own flags) is ignored too: the argv here is the server's.
 *
 * `--append-only`: whatever the client's borg deletes, prunes or rewrites
 * through the channel only appends to the log; the earlier state stays on
 * disk and can be brought back (docs/restores.md, "Archives a client deleted").
 * `--storage-quota` (repository.storageQuota): the client's borg can send
 * endless data, and only the server's side can cap what it adds.
 * The key, which append-only does not protect, is guarded by GUARDED_SERVE
 * (run by the server's python3, `-I -B`: no environment of anyone's reaches it).
 */
export function servedRepository(job: Job): ServedNeed {
  const path = job.host.repository.path;
  return {
    command: {
      argv: ["python3", "-I", "-B", GUARDED_SERVE, "serve", "--append-only", ...storageQuotaArguments(job), "--restrict-to-repository", path],
      env: serverBorgEnvironment(job),
    },
    client: (channel) => ({
      path: `ssh://${SERVE_HOST}${path}`,
      env: {
        BORG_RSH: channel.relay.map(shlexQuote).join(" "),
        BORG_REMOTE_PATH: "borg",
        // For the `serve-channel` patch (borg-patches.ts): borg opens these itself, no relay.
        [SERVE_CHANNEL_TO_SERVER]: channel.toServer,
        [SERVE_CHANNEL_FROM_SERVER]: channel.fromServer,
      },
    }),
  };
}
