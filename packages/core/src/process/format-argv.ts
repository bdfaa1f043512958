import type { CommandSpec } from "../contracts/command.js";

const safeWord = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes a word for display only; pullbak never hands this text to a shell. */
export function quoteWord(word: string): string {
  return safeWord.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * One readable line for logs and --dry-run. A secret shows only as the fd it
 * travels on: its bytes are not reachable from here.
 */
export function formatCommand(spec: CommandSpec): string {
  const env = Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${quoteWord(v)}`);
  if (spec.secret) env.push(`${spec.secret.envVar}=3`);
  const cwd = spec.cwd ? `(cd ${quoteWord(spec.cwd)}) ` : "";
  const secretNote = spec.secret ? "  [secret on fd 3]" : "";
  return `${cwd}${[...env, ...spec.argv.map(quoteWord)].join(" ")}${secretNote}`;
}
