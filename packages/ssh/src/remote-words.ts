/**
 * ssh hands the remote side one command line, which the client's login
 * shell splits again (unless a forced command ignores it). Each word is
 * single-quoted so that it arrives as exactly one word.
 */
export function remoteWords(argv: readonly string[]): string[] {
  return argv.map((word) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`));
}
