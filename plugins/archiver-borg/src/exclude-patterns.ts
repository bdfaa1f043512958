import type { Runner } from "@pullbak/core";

/** A plain absolute path: no borg style prefix (`sh:`, `re:`...) and no wildcard. */
function isPlainPath(pattern: string): boolean {
  return pattern.startsWith("/") && !/[*?[\]]/.test(pattern);
}

/**
 * `--exclude=` arguments for a create: what the isolation added (as `pp:`
 * path prefixes, so no character in them is read as a wildcard) and the
 * host's excludes. borg drops a leading "/" from patterns and archived paths
 * alike, so "/tmp" matches whether the runner spells sources "/tmp" (chroot)
 * or "tmp" (cwd at the client's root); plain paths still go through the
 * runner's spelling, patterns are passed as written.
 * The `=` form keeps a pattern that starts with "-" from being read as an option.
 */
export function excludeArguments(runner: Runner, hostExcludes: readonly string[]): string[] {
  const added = runner.added.map((path) => `--exclude=pp:${runner.clientPath(path)}`);
  const host = hostExcludes.map((pattern) => `--exclude=${isPlainPath(pattern) ? runner.clientPath(pattern) : pattern}`);
  return [...added, ...host];
}
