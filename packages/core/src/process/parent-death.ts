import { existsSync } from "node:fs";
import { join } from "node:path";

let setprivPath: string | null | undefined;

/** util-linux's setpriv, looked up once in the children's PATH; null where it is missing. */
function setpriv(path: string): string | null {
  setprivPath ??= path.split(":").map((dir) => join(dir, "setpriv")).find((file) => existsSync(file)) ?? null;
  return setprivPath;
}

/**
 * The argv that runs `argv` so that it gets `signal` when pullbak dies
 * (SIGKILL, the OOM killer, a crash): `setpriv --pdeathsig SIGNAL -- argv`
 * sets the kernel's parent-death signal and execs the command, same pid.
 *
 * Why: a child outliving a killed pullbak keeps working unsupervised. borg
 * would go on holding the repository lock and the client's mount busy;
 * with SIGINT as its parent-death signal it writes a checkpoint, releases
 * its lock and exits, as on Ctrl-C. The signal survives the exec chain
 * (unshare, sh, capsh, borg) because each step execs the next; a process
 * that forks itself into a daemon (sshfs) loses it in the fork, on purpose:
 * its mount is journaled and `pullbak cleanup` takes it down.
 */
export function withParentDeathSignal(argv: readonly string[], signal: NodeJS.Signals, path: string): readonly string[] {
  const program = setpriv(path);
  return program ? [program, "--pdeathsig", signal, "--", ...argv] : argv;
}
