import { resolve } from "node:path";
import type { CommandSpec } from "@pullbak/core";

/**
 * `spec` run in the mount namespace held by `pid`: `nsenter --mount=...`
 * joins it and execs the command (same pid, so the parent-death signal
 * set around it still applies). Entering a mount namespace moves the
 * process to that namespace's `/`, so the spec's cwd is handed to nsenter
 * (`--wd`) instead of being set before. nsenter opens that directory
 * before it joins the namespace, where a cwd below the mount point is an
 * empty directory; hence the path through the holder's root
 * (`/proc/PID/root/...`), which leads into its namespace. One exec per
 * command, never per file.
 */
export function enterNamespace(spec: CommandSpec, pid: string): CommandSpec {
  const { cwd, ...rest } = spec;
  return { ...rest, argv: ["nsenter", `--mount=/proc/${pid}/ns/mnt`, ...(cwd === undefined ? [] : [`--wd=/proc/${pid}/root${resolve(cwd)}`]), "--", ...spec.argv] };
}
