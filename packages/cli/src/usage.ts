export const usage = `pullbak: pull-mode backups of agentless Linux hosts

Usage:
  pullbak [--config FILE] run [HOST...|--all] [--jobs N] [--plugin NAME]... [--archive NAME] [--full-read] [--dry-run] [--json]
                                                  back hosts up, N at a time, and print a summary
  pullbak [--config FILE] status [HOST...] [--json] [--verify]
                                                  last result and age of each host's backups; exit 2 if any needs attention
  pullbak [--config FILE] init HOST               create the host's repository
  pullbak [--config FILE] list HOST [--archive NAME] [--json]
                                                  archives of a host, or the files of one
  pullbak [--config FILE] restore HOST --archive NAME|latest [--plugin NAME] [--allow-client-links] [--ignore-free-space] [--paths-from FILE [--null]] [--dry-run] [PATH...]
  pullbak [--config FILE] check-config            validate the config and every plugin option
  pullbak [--config FILE] plugins                 list the plugins this config can use
  pullbak [--config FILE] doctor HOST [--json]    check keys, host key, sshd settings, borg, repository
  pullbak [--config FILE] cleanup [HOST...]       undo what killed runs left behind (mounts, locks)
  pullbak [--config FILE] cleanup HOST... --accept-rollback   use a repository restored from a copy
  pullbak [--config FILE] setup-client HOST [--authorized-keys] [--tunnel-key FILE]
  pullbak [--config FILE] prune HOST [--dry-run] [--list]  apply the host's retention (--list: each archive's fate)
  pullbak [--config FILE] compact HOST            free the space of pruned archives
  pullbak [--config FILE] check HOST [--only repository|archives|data] [--force]  the checks that are due
  pullbak [--config FILE] key export HOST [FILE] [--paper]  the repository key, to keep off the server
  pullbak [--config FILE] info HOST [--json]      repository sizes, archive count, newest and oldest
  pullbak [--config FILE] schedule --systemd [--dir DIR] [--dry-run] | --cron   timers (or crontab lines) for backups
  pullbak lab up [N] | down | status [--dir DIR]  disposable client hosts for trying pullbak

Options:
  --config FILE   config file (default /etc/pullbak/pullbak.yaml)
  --plugin NAME   use plugin NAME instead of the configured one of its kind, for this run;
                  a restorer (e.g. tar-restore) turns 'run HOST [PATH...]' into a restore of --archive
  --allow-client-links  restore even where the client has a symlink in place of (or above) a
                  directory of the archive; refused by default (docs/restores.md)
  --ignore-free-space  restore even when what it writes exceeds the client's free space
                  (refused by default, before anything is written; docs/restores.md)
  --full-read     read every file again, not only those whose size or mtime changed
  --dry-run       print every mount and command, in order, and touch nothing
  --json          machine-readable result on stdout
  --log-json      log one JSON object per line on stderr (time, level, host, event, fields)
  -q, --quiet     log only warnings and errors
  -v, --verbose   log every command as it runs
  -h, --help      this text; COMMAND --help: that command's usage and options
  --version       pullbak's version

Exit codes: 0 ok, 1 finished with warnings, 2 failed, 78 config error, 130 interrupted.
`;

/** Options main.ts takes before or after any command word. */
export const GLOBAL_OPTION_NAMES = ["--config", "--verbose", "-v", "--quiet", "-q", "--log-json", "--help", "-h", "--version"] as const;

/** What an option means, for `COMMAND --help`; one entry serves every command with that option. */
const OPTION_HELP: Record<string, string> = {
  all: "every host of the config",
  jobs: "at most N hosts at once (default: config `jobs`, else 4)",
  plugin: "use plugin NAME instead of the configured one of its kind",
  archive: "the archive NAME (restore: or latest)",
  "dry-run": "print every mount and command, in order, and touch nothing",
  json: "machine-readable result on stdout",
  "full-read": "read every file again, not only those whose size or mtime changed",
  "allow-client-links": "restore even where the client has a symlink in place of a directory",
  "paths-from": "also restore the paths in FILE (- for stdin), read as bytes, one a line",
  null: "with --paths-from: paths are separated by NUL, not newline (find -print0)",
  "ignore-free-space": "restore even when what it writes exceeds the client's free space",
  verify: "also ask each repository for its newest archive (never the client)",
  dir: "the lab's directory",
  "authorized-keys": "print the authorized_keys lines for the client",
  "tunnel-key": "the client's tunnel public key (.pub) to fill into the tunnel account's authorized_keys line",
};

const VALUE_NAMES: Record<string, string> = { jobs: "N", plugin: "NAME", archive: "NAME", dir: "DIR" };

type OptionShape = Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean }>;

/** The usage lines of `command` in `usage` (its line and the indented lines under it). */
function usageLines(command: string): string[] {
  const lines = usage.split("\n");
  const found: string[] = [];
  const start = new RegExp(`^  pullbak (\\[--config FILE\\] )?${command.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}( |$)`);
  for (let i = 0; i < lines.length; i++) {
    if (!start.test(lines[i]!)) continue;
    found.push(lines[i]!);
    while (lines[i + 1]?.startsWith("        ")) found.push(lines[++i]!);
  }
  return found.length > 0 ? found : [`  pullbak [--config FILE] ${command} ...`];
}

/**
 * `pullbak COMMAND --help` (issue #11): the command's usage lines and the
 * options its `parseCommandArgs` call declares, then the global options.
 */
export function commandHelp(command: string, options: OptionShape): string {
  const entries = Object.entries(options).map(([name, option]) => {
    const value = option.type === "string" ? ` ${VALUE_NAMES[name] ?? "VALUE"}` : "";
    const flag = `${option.short ? `-${option.short}, ` : ""}--${name}${value}${option.multiple ? " (repeatable)" : ""}`;
    return [flag, OPTION_HELP[name] ?? ""] as const;
  });
  const width = Math.max(16, ...entries.map(([flag]) => flag.length + 2));
  const own = entries.map(([flag, text]) => `  ${flag.padEnd(width)}${text}`.trimEnd());
  return [
    "Usage:",
    ...usageLines(command),
    "",
    ...(own.length > 0 ? ["Options:", ...own, ""] : []),
    "Global options: --config FILE, --log-json, -q/--quiet, -v/--verbose, -h/--help",
    "Exit codes: 0 ok, 1 finished with warnings, 2 failed, 78 config error, 130 interrupted.",
    "",
  ].join("\n");
}
