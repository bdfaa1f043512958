/** Why an ssh connection did not get as far as a session, read from ssh's own stderr. */
export type SshFailure =
  | { kind: "host-key"; line: string }
  | { kind: "auth-refused"; line: string; methods: string[] }
  | { kind: "unreachable"; line: string }
  | { kind: "none" };

const unreachable = /Connection refused|timed out|No route to host|Network is unreachable|Could not resolve hostname|Name or service not known|kex_exchange_identification|Connection closed by|Connection reset by/;

function lineMatching(stderr: string, pattern: RegExp): string {
  return stderr.split("\n").find((line) => pattern.test(line))?.trim() ?? stderr.trim();
}

/**
 * The methods the server would still accept, from ssh's last word on a
 * refused login: `root@host: Permission denied (publickey,password).`
 */
export function deniedMethods(stderr: string): string[] | undefined {
  const match = /Permission denied \(([^)]*)\)/.exec(stderr);
  return match ? match[1]!.split(",").map((m) => m.trim()).filter(Boolean) : undefined;
}

export function classifySshFailure(stderr: string): SshFailure {
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed|host key is known for|Host key for .* has changed/.test(stderr)) {
    return { kind: "host-key", line: lineMatching(stderr, /verification failed|has changed|is known for/) };
  }
  const methods = deniedMethods(stderr);
  if (methods) return { kind: "auth-refused", line: lineMatching(stderr, /Permission denied/), methods };
  if (unreachable.test(stderr)) return { kind: "unreachable", line: lineMatching(stderr, unreachable) };
  return { kind: "none" };
}
