import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Job, Need } from "@pullbak/core";
import { ensurePrivateDirs } from "./private-dirs.js";

/**
 * The names borg's paths are bound under. An isolation makes each visible
 * wherever borg runs, and commands find them with `runner.pathOf(name)`.
 */
export const NEED = {
  repository: "repository",
  config: "borg-config",
  cache: "borg-cache",
  security: "borg-security",
  tmp: "borg-tmp",
  python: "borg-python",
} as const;

/** The plugin's own Python start-up code (libexec/python/sitecustomize.py), read-only wherever borg runs. */
const PYTHON_DIR = fileURLToPath(new URL("../libexec/python", import.meta.url));

/** `<hostStateDir>/borg`: everything borg keeps for this host, on the server, never on the client. */
export function borgStateDir(job: Job): string {
  return join(job.hostStateDir, "borg");
}

/**
 * What borg must see: the repository and its own config (with the keys of
 * keyfile repositories), cache, security and temp dirs, all server-side.
 *
 * The server dirs are created here (mode 0700) because the isolation binds
 * the needs before any borg command runs, and a bind needs its source.
 */
export function borgNeeds(job: Job): Need[] {
  const base = borgStateDir(job);
  const own: Need[] = [
    { name: NEED.config, source: join(base, "config"), writable: true },
    { name: NEED.cache, source: join(base, "cache"), writable: true },
    { name: NEED.security, source: join(base, "security"), writable: true },
    { name: NEED.tmp, source: join(base, "tmp"), writable: true },
  ];
  ensurePrivateDirs(job, [base, ...own.map((need) => need.source)]);
  // borg writes lock files even to read, so the repository is writable for every command.
  return [
    { name: NEED.repository, source: job.host.repository.path, writable: true },
    ...own,
    { name: NEED.python, source: PYTHON_DIR, writable: false },
  ];
}
