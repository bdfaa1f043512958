/**
 * One line of an OpenSSH authorized_keys file, as far as doctor needs it:
 * the key blob and the `command="..."` option (sshd(8) "AUTHORIZED_KEYS FILE
 * FORMAT": options come first, comma-separated, a quoted value may contain
 * `\"`).
 */
export interface AuthorizedKey {
  blob: string;
  /** The forced command, unescaped; undefined when the line has none. */
  command?: string;
  line: number;
}

const KEY_TYPE = /^(ssh-|ecdsa-|sk-)/;

/** Splits on white space outside double quotes. */
function words(text: string): string[] {
  return text.match(/(?:[^\s"]+|"(?:[^"\\]|\\.)*")+/g) ?? [];
}

export function parseAuthorizedKeys(text: string): AuthorizedKey[] {
  const keys: AuthorizedKey[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const parts = words(line);
    const typeAt = parts.findIndex((word) => KEY_TYPE.test(word));
    const blob = typeAt >= 0 ? parts[typeAt + 1] : undefined;
    if (!blob) return;
    const options = typeAt > 0 ? parts[0]! : "";
    const match = /(?:^|,)command="((?:[^"\\]|\\.)*)"/.exec(options);
    const command = match ? match[1]!.replace(/\\(.)/g, "$1") : undefined;
    keys.push({ blob, line: index + 1, ...(command !== undefined ? { command } : {}) });
  });
  return keys;
}
