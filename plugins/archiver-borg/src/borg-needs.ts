import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Job, Need } from "@pullbak/core";
import { servedRepository } from "./borg-serve.js";
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

/** borg's dirs for the server's own borg, by need name, under `<hostStateDir>/borg`. */
export function serverBorgDirs(job: Job): { config: string; cache: string; security: string; tmp: string } {
  const base = borgStateDir(job);
  return { config: join(base, "config"), cache: join(base, "cache"), security: join(base, "security"), tmp: join(base, "tmp") };
}

/**
 * What borg must see: the repository and its own config (with the keys of
 * keyfile repositories), cache, security and temp dirs, all server-side.
 *
 * The server dirs are created here (mode 0700) because the isolation binds
 * the needs before any borg command runs, and a bind needs its source.
 *
 * Where the CLIENT's borg runs (isolation chroot, issue #10) the isolation
 * reads `served` and `forClientCode`: the repository is reached only
 * through the server's `borg serve --append-only`; the config (keyfile
 * keys) is read-only; the cache and security dirs are the client code's
 * own, kept for the host's next run; tmp is its own and emptied. So the
 * server's borg never opens a file the client's borg wrote.
 */
export function borgNeeds(job: Job): Need[] {
  const base = borgStateDir(job);
  const dirs = serverBorgDirs(job);
  const own: Need[] = [
    { name: NEED.config, source: dirs.config, writable: true, forClientCode: "read-only" },
    { name: NEED.cache, source: dirs.cache, writable: true, forClientCode: "private-kept" },
    { name: NEED.security, source: dirs.security, writable: true, forClientCode: "private-kept" },
    { name: NEED.tmp, source: dirs.tmp, writable: true, forClientCode: "private" },
  ];
  ensurePrivateDirs(job, [base, ...own.map((need) => need.source)]);
  // borg writes lock files even to read, so the repository is writable for every command.
  return [
    { name: NEED.repository, source: job.host.repository.path, writable: true, served: servedRepository(job) },
    ...own,
    { name: NEED.python, source: PYTHON_DIR, writable: false },
  ];
}
