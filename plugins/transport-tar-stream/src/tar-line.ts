import { createHash } from "node:crypto";
import { PullbakError, type ResolvedHost } from "@pullbak/core";
import { remoteWords } from "@pullbak/ssh";

/** `options.tar-stream` in the config. */
export interface TarStreamOptions {
  /** The client's tar (GNU tar 1.34 or later): a program name found in the client's PATH, or an absolute client path. */
  tar: string;
  /** GNU tar `--one-file-system`: stay on the file system of each source (like borg's default). */
  oneFileSystem: boolean;
}

/** The pax keyword whose value, in the stream's first (global) header, is the line's fingerprint. */
export const FINGERPRINT_KEYWORD = "pullbak.tarline";

/**
 * A host exclude as GNU tar reads it after `--anchored --wildcards`: borg's
 * default `fm:` (fnmatch, `*` matches `/` too, anchored at the root) and
 * `pp:` (a path prefix) have a tar equivalent; `sh:`, `re:` and `pf:` are
 * refused rather than translated into something that excludes more or less.
 */
function tarExcludes(host: ResolvedHost, withDotSlash: boolean): string[] {
  const words: string[] = ["--anchored"];
  for (const exclude of host.excludes) {
    const [, prefix, body] = /^([a-z]{2}):(.*)$/.exec(exclude) ?? [undefined, "fm", exclude];
    if (prefix !== "fm" && prefix !== "pp") {
      throw new PullbakError("CONFIG_INVALID", `hosts.${host.name}.excludes: ${JSON.stringify(exclude)}: transport tar-stream passes excludes to the client's tar, which understands fm: and pp: patterns only`);
    }
    const pattern = (body ?? "").replace(/^\/+/, "").replace(/\/+$/, "");
    if (pattern === "") continue;
    words.push(prefix === "pp" ? "--no-wildcards" : "--wildcards", `--exclude=${pattern}`);
    // With source "/" tar names members "./etc/..." before the transform, and matches excludes against that name.
    if (withDotSlash) words.push(`--exclude=./${pattern}`);
  }
  return words;
}

/**
 * The client's tar command line for the host, without the fingerprint
 * (issue 14). GNU tar 1.34:
 * - `--format=posix`: long names, sub-second mtimes and any byte in a name;
 *   `delete=atime,delete=ctime` keeps per-file headers small and unchanging.
 * - owners as tar writes them by default: uid/gid AND the client's user and
 *   group names (no `--numeric-owner`); borg import-tar records both.
 * - no `--xattrs`/`--acls`: borg 1.2 import-tar drops them (docs/tar-stream.md).
 * - `--sparse`: holes are sent as a map, not as zeros over the wire.
 * - `--directory=/` and relative sources: no leading `/`, no `--absolute-names`.
 */
export function tarArgv(host: ResolvedHost, options: TarStreamOptions): string[] {
  const rootSource = host.sources.some((s) => s.replace(/\/+$/, "") === "");
  const sources = host.sources.map((s) => s.replace(/^\/+/, "").replace(/\/+$/, "") || ".");
  return [
    options.tar,
    "--create",
    "--file=-",
    "--format=posix",
    "--pax-option=delete=atime,delete=ctime",
    "--sparse",
    ...(options.oneFileSystem ? ["--one-file-system"] : []),
    "--directory=/",
    // Source "/" is "."; its members lose the "./" (not in symlink targets), as borg create would name them.
    ...(rootSource ? ["--transform=s,^\\./,,S"] : []),
    ...tarExcludes(host, rootSource),
    "--",
    ...sources,
  ];
}

/** 16 hex digits of SHA-256 over the line's words: what changes when sources, excludes or options change. */
export function lineFingerprint(argv: readonly string[]): string {
  return createHash("sha256").update(JSON.stringify(argv)).digest("hex").slice(0, 16);
}

/**
 * The forced command for the host's tar-stream key: the tar line with its
 * own fingerprint as a pax global header keyword, which the stream carries
 * first, so the server can tell the client's line from the config's
 * (`pullbak doctor`). A shell line (sshd runs it with the user's shell):
 * each word single-quoted where it needs to be.
 */
export function forcedTarLine(host: ResolvedHost, options: TarStreamOptions): { line: string; fingerprint: string } {
  const argv = tarArgv(host, options);
  const fingerprint = lineFingerprint(argv);
  const [tar, ...rest] = argv;
  const words = [tar!, rest[0]!, `--pax-option=${FINGERPRINT_KEYWORD}=${fingerprint}`, ...rest.slice(1)];
  return { line: remoteWords(words).join(" "), fingerprint };
}
