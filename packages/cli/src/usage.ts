export const usage = `pullbak: pull-mode backups of agentless Linux hosts

Usage:
  pullbak [--config FILE] run [HOST...|--all] [--plugin NAME]... [--archive NAME] [--full-read] [--dry-run] [--json]
  pullbak [--config FILE] init HOST               create the host's repository
  pullbak [--config FILE] list HOST [--archive NAME] [--json]
                                                  archives of a host, or the files of one
  pullbak [--config FILE] restore HOST --archive NAME|latest [--plugin NAME] [--allow-client-links] [--dry-run] [PATH...]
  pullbak [--config FILE] check-config            validate the config and every plugin option
  pullbak [--config FILE] plugins                 list the plugins this config can use
  pullbak [--config FILE] doctor HOST [--json]    check keys, host key, sshd settings, borg, repository
  pullbak [--config FILE] cleanup [HOST...]       undo what killed runs left behind (mounts, locks)
  pullbak [--config FILE] cleanup HOST... --accept-rollback   use a repository restored from a copy
  pullbak [--config FILE] setup-client HOST [--authorized-keys]
  pullbak [--config FILE] schedule --systemd [--dir DIR] [--dry-run] | --cron   timers (or crontab lines) for backups
  pullbak lab up [N] | down | status [--dir DIR]  disposable client hosts for trying pullbak

Options:
  --config FILE   config file (default /etc/pullbak/pullbak.yaml)
  --plugin NAME   use plugin NAME instead of the configured one of its kind, for this run;
                  a restorer (e.g. tar-restore) turns 'run HOST [PATH...]' into a restore of --archive
  --allow-client-links  restore even where the client has a symlink in place of (or above) a
                  directory of the archive; refused by default (docs/restores.md)
  --full-read     read every file again, not only those whose size or mtime changed
  --dry-run       print every mount and command, in order, and touch nothing
  --json          machine-readable result on stdout
  -v, --verbose   log every command as it runs
  -h, --help      this text

Exit codes: 0 ok, 1 finished with warnings, 2 failed, 78 config error, 130 interrupted.
`;
