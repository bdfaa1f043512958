import type { CommandSpec } from "../contracts/command.js";

/**
 * Children get a small fixed environment, not pullbak's: pullbak's own
 * environment may hold a passphrase (`passphrase: {env: ...}`) that must not
 * leak into long-lived children such as sshfs.
 */
export function childEnvironment(spec: CommandSpec): Record<string, string> {
  const env: Record<string, string> = {
    PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    LANG: "C.UTF-8",
    LC_ALL: "C.UTF-8",
    HOME: "/root",
    ...spec.env,
  };
  if (spec.secret) env[spec.secret.envVar] = "3";
  return env;
}
