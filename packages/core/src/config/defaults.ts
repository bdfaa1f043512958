/**
 * What a host gets when neither it nor `defaults:` says otherwise. The paths
 * follow the FHS: config in /etc/pullbak, state (mounts, journal, locks, borg's
 * cache) in /var/lib/pullbak.
 */
export const DEFAULT_CONFIG_FILE = "/etc/pullbak/pullbak.yaml";
export const DEFAULT_STATE_DIR = "/var/lib/pullbak";

export const builtinDefaults = {
  transport: "sshfs",
  isolation: "chroot",
  archiver: "borg",
  restorer: "tar-restore",
  ssh: {
    user: "root",
    port: 22,
    identityFile: "/etc/pullbak/keys/backup_ed25519",
    knownHostsFile: "/etc/pullbak/known_hosts",
    keys: {} as Record<string, string>,
    connectTimeout: 10,
    aliveInterval: 15,
  },
  repository: {
    path: "/srv/backup/{host}",
    encryption: "repokey-blake2",
  },
  sources: ["/"],
  excludes: ["/dev", "/proc", "/sys", "/run", "/tmp"],
  archiveName: "{host}-{now}",
  lockWait: 0,
  /**
   * 23 hours: long enough for a first full backup of a big host over a slow
   * link, short enough that a stuck run of a nightly schedule ends before
   * the next night's run of the same host (docs/config.md, issue #10).
   */
  timeout: 23 * 3600,
} as const;
