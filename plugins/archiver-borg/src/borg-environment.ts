import { hostname } from "node:os";
import { posix } from "node:path";
import type { Job, ResolvedHost, Runner } from "@pullbak/core";
import { NEED, serverBorgDirs } from "./borg-needs.js";

/** borg's lock owner id for everything pullbak runs on this server (see docs/archiver-borg.md). */
export function borgHostId(): string {
  return `pullbak@${hostname()}`;
}

/** Encryption modes whose repositories borg counts as unencrypted (no secret protects the data). */
const unencryptedModes: ReadonlySet<string> = new Set(["none", "authenticated", "authenticated-blake2"]);

/**
 * The environment of every borg command. Paths are spelled as the runner
 * sees them (inside a chroot they are under the isolation's own path). Every
 * question borg can ask is answered here, so none ever waits for input; the
 * reasons are in docs/archiver-borg.md.
 */
export function borgEnvironment(runner: Runner, host: ResolvedHost): Record<string, string> {
  const config = runner.pathOf(NEED.config);
  return {
    BORG_CONFIG_DIR: config,
    BORG_KEYS_DIR: posix.join(config, "keys"),
    BORG_CACHE_DIR: runner.pathOf(NEED.cache),
    BORG_SECURITY_DIR: runner.pathOf(NEED.security),
    TMPDIR: runner.pathOf(NEED.tmp),
    // Same lock owner id inside a chroot and on the server, so a stale lock of a killed run is
    // recognised as ours; it also spares borg from probing the MAC address (it would run `ip`).
    BORG_HOST_ID: borgHostId(),
    // pullbak binds the repository at its own path inside the isolation and uses the server
    // path outside it: the same repository, moved by pullbak, not by someone else.
    BORG_RELOCATED_REPO_ACCESS_IS_OK: "yes",
    // An unknown unencrypted repository is fine only where the config says it is unencrypted.
    BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK: unencryptedModes.has(host.repository.encryption) ? "yes" : "no",
    BORG_CHECK_I_KNOW_WHAT_I_AM_DOING: "NO",
    BORG_DELETE_I_KNOW_WHAT_I_AM_DOING: "NO",
    BORG_DISPLAY_PASSPHRASE: "no",
    // 0 ok, 1 warning, 2 error; borg >= 1.4 would otherwise be free to use its newer codes.
    BORG_EXIT_CODES: "legacy",
    // borg prints local times; in a chroot "local" would be the client's zone.
    TZ: "UTC",
    // Inside a chroot borg may run from the client's /usr: leave no .pyc files there.
    PYTHONDONTWRITEBYTECODE: "1",
  };
}

/**
 * The environment of the server's `borg serve` for client code (issue #10):
 * the server's own dirs, never the ones the client's borg writes, and the
 * same lock owner id as every other borg of pullbak's, so that a lock left
 * by a killed `borg serve` is recognised as stale (stale-locks.ts).
 */
export function serverBorgEnvironment(job: Job): Record<string, string> {
  const dirs = serverBorgDirs(job);
  return {
    BORG_CONFIG_DIR: dirs.config,
    BORG_KEYS_DIR: posix.join(dirs.config, "keys"),
    BORG_CACHE_DIR: dirs.cache,
    BORG_SECURITY_DIR: dirs.security,
    TMPDIR: dirs.tmp,
    BORG_HOST_ID: borgHostId(),
    BORG_EXIT_CODES: "legacy",
    TZ: "UTC",
  };
}
