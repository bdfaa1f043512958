/**
 * Reads an sshd_config the way sshd (OpenSSH 9) does, far enough to tell
 * which value of a keyword applies:
 *
 * - keywords are case-insensitive, separated from their value by white
 *   space or one `=`; `#` starts a comment at the start of a word;
 * - the FIRST value of a keyword wins, so a line in an `Include`d file read
 *   early beats one further down the main file;
 * - `Include` reads each glob match in sorted order, at that point of the
 *   file; a relative path is under /etc/ssh;
 * - lines after `Match` apply only to connections that match, and there
 *   they override the global value. A `Match` inside an included file ends
 *   with that file.
 */

/** The directory sshd resolves a relative Include against. */
export const SSHD_DIR = "/etc/ssh";
/** sshd gives up on Includes nested deeper than this (SERVCONF_MAX_DEPTH). */
const MAX_DEPTH = 16;

export interface ConfigFile {
  path: string;
  text: string;
}

/** Expands one Include pattern on the client: the matching files, in sshd's (sorted) order. */
export type IncludeLoader = (pattern: string) => Promise<ConfigFile[]>;

export interface Setting {
  /** Lower case, aliases folded (ChallengeResponseAuthentication is KbdInteractiveAuthentication). */
  keyword: string;
  value: string;
  file: string;
  line: number;
  /** Inside a Match block: applies only to the connections it matches. */
  conditional: boolean;
}

export interface SshdConfig {
  /** Every file read, in reading order. */
  files: string[];
  /** Every keyword line, in reading order. */
  settings: Setting[];
}

const ALIASES: Record<string, string> = { challengeresponseauthentication: "kbdinteractiveauthentication" };

/**
 * Splits a line into words like OpenSSH's argv_split: double or single
 * quotes group, a backslash escapes a quote or backslash, and a word
 * starting with `#` ends the line.
 */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length || line[i] === "#") break;
    let word = "";
    let quote: string | undefined;
    for (; i < line.length; i++) {
      const c = line[i]!;
      if (quote === undefined && /\s/.test(c)) break;
      if (c === "\\" && (line[i + 1] === '"' || line[i + 1] === "'" || line[i + 1] === "\\")) {
        word += line[++i];
      } else if (quote === undefined && (c === '"' || c === "'")) {
        quote = c;
      } else if (c === quote) {
        quote = undefined;
      } else {
        word += c;
      }
    }
    words.push(word);
  }
  return words;
}

/** `Keyword value`, `Keyword=value` or `Keyword = value`; undefined for blank and comment lines. */
export function parseLine(raw: string): { keyword: string; args: string[] } | undefined {
  const line = raw.trim();
  if (line === "" || line.startsWith("#")) return undefined;
  const match = /^([^\s=]+)\s*(?:=\s*)?(.*)$/.exec(line);
  if (!match) return undefined;
  const keyword = match[1]!.toLowerCase();
  return { keyword: ALIASES[keyword] ?? keyword, args: splitWords(match[2]!) };
}

/** Reads `main` and every file it includes, in sshd's order. */
export async function readSshdConfig(main: ConfigFile, load: IncludeLoader): Promise<SshdConfig> {
  const config: SshdConfig = { files: [], settings: [] };
  await readFile(main, false, 0, load, config);
  return config;
}

async function readFile(file: ConfigFile, conditional: boolean, depth: number, load: IncludeLoader, config: SshdConfig): Promise<void> {
  if (depth > MAX_DEPTH) throw new Error(`${file.path}: Include nested more than ${MAX_DEPTH} deep`);
  config.files.push(file.path);
  let inMatch = conditional;
  const lines = file.text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const parsed = parseLine(lines[index]!);
    if (!parsed) continue;
    if (parsed.keyword === "match") {
      inMatch = true;
      continue;
    }
    if (parsed.keyword === "include") {
      for (const pattern of parsed.args) {
        const absolute = pattern.startsWith("/") || pattern.startsWith("~") ? pattern : `${SSHD_DIR}/${pattern}`;
        for (const included of await load(absolute)) await readFile(included, inMatch, depth + 1, load, config);
      }
      continue;
    }
    config.settings.push({ keyword: parsed.keyword, value: parsed.args.join(" "), file: file.path, line: index + 1, conditional: inMatch });
  }
}

/** Which value of `keyword` applies: the first global one, and every Match block's one (each may override it). */
export function valueOf(config: SshdConfig, keyword: string): { global?: Setting; conditional: Setting[] } {
  const all = config.settings.filter((s) => s.keyword === keyword.toLowerCase());
  const global = all.find((s) => !s.conditional);
  return { ...(global ? { global } : {}), conditional: all.filter((s) => s.conditional) };
}
