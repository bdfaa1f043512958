import { fileURLToPath } from "node:url";
import type { Need, Runner } from "@pullbak/core";

/**
 * libexec/python/sitecustomize.py, made visible inside the isolation as a
 * read-only need. Through sshfs, chown/utime of a symlink are applied by the
 * client's sftp-server to the link's *target*; borg sets both on every link
 * it restores, so a restored link `~/x -> /etc/shadow` owned by carol would
 * hand carol the client's /etc/shadow. The sitecustomize turns the no-follow
 * forms into no-ops for symlinks in any Python program (borg).
 */
export const SYMLINK_SAFE_PYTHON: Need = {
  name: "pullbak-python",
  source: fileURLToPath(new URL("../libexec/python", import.meta.url)),
  writable: false,
};

/** The runner, with that directory first on PYTHONPATH of every command it wraps. */
export function withSymlinkSafePython(runner: Runner): Runner {
  const dir = runner.pathOf(SYMLINK_SAFE_PYTHON.name);
  return {
    pathOf: (name) => runner.pathOf(name),
    clientPath: (path) => runner.clientPath(path),
    get added() {
      return runner.added;
    },
    wrap(spec) {
      const inherited = spec.env?.PYTHONPATH;
      return runner.wrap({ ...spec, env: { ...spec.env, PYTHONPATH: inherited ? `${dir}:${inherited}` : dir } });
    },
  };
}
