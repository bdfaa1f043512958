import { hasRawBytes, type Runner } from "@pullbak/core";
import { archivedPath } from "./archived-path.js";

/**
 * A client path as an ASCII Python regex body that matches exactly its
 * archived spelling: every character but `[A-Za-z0-9_/]` is a `\uXXXX` /
 * `\UXXXXXXXX` escape, a byte that is not UTF-8 included (borg holds it as the
 * lone surrogate U+DC80 + byte, as pullbak does).
 */
function regexOf(clientPath: string): string {
  let out = "";
  for (const char of archivedPath(clientPath)) {
    const code = char.codePointAt(0)!;
    if (/^[A-Za-z0-9_/]$/.test(char)) out += char;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += `\\U${code.toString(16).padStart(8, "0")}`;
  }
  return out;
}

/** How a set of client paths is given to borg: options before `--`, positionals after the archive. */
export interface PathSelection {
  options: string[];
  positionals: string[];
}

/**
 * The borg arguments that select `paths` (each with everything below it, as
 * borg's PATH arguments do). Paths are borg's positional PATHs, unless one
 * holds a byte that is not UTF-8 (issue 15, `caf\xe9`): Node writes argv as
 * UTF-8 and would turn that byte into U+FFFD, so then every path becomes an
 * include pattern in pure ASCII, `--pattern '+re:\Asrv/caf\udce9(?:/|\Z)'`,
 * closed by an exclude of everything else (borg 1.2's patterns, first match
 * wins; `list`, `extract` and `export-tar` all take them).
 */
export function pathSelection(runner: Runner, paths: readonly string[]): PathSelection {
  if (!paths.some(hasRawBytes)) return { options: [], positionals: paths.map((path) => runner.clientPath(path)) };
  return {
    options: [...paths.flatMap((path) => ["--pattern", `+re:\\A${regexOf(path)}(?:/|\\Z)`]), "--pattern=-re:\\A"],
    positionals: [],
  };
}

/**
 * borg options that leave out exactly these client paths (not what is below
 * them): `--exclude pf:PATH` (borg's literal full-path pattern, so no
 * character of a name is read as a wildcard), or for a path with a byte that
 * is not UTF-8 the same as an ASCII regex. Goes before any include pattern of
 * `pathSelection` (first match wins).
 */
export function exactExcludes(paths: readonly string[]): string[] {
  return paths.flatMap((path) => (hasRawBytes(path) ? [`--pattern=-re:\\A${regexOf(path)}\\Z`] : ["--exclude", `pf:${archivedPath(path)}`]));
}
