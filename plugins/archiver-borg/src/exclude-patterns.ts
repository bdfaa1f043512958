import type { Runner } from "@pullbak/core";

/**
 * `--exclude=` arguments for a create: what the isolation added (as `pp:`
 * path prefixes, so no character in them is read as a wildcard and "/dev"
 * does not exclude "/devices"), then the host's excludes as written.
 *
 * Patterns are not spelled through `runner.clientPath` (they are patterns,
 * not paths, and a runner may check that a path exists on the client): borg
 * drops a leading "/" from patterns and from archived paths alike, so "/tmp"
 * matches whether the runner names sources "/tmp" (chroot) or "tmp" (cwd at
 * the client's root). The `=` form keeps a pattern that starts with "-" from
 * being read as an option.
 */
export function excludeArguments(runner: Runner, hostExcludes: readonly string[]): string[] {
  return [...runner.added.map((path) => `--exclude=pp:${path}`), ...hostExcludes.map((pattern) => `--exclude=${pattern}`)];
}
