/** What went wrong when connecting, read from ssh's own messages. */
export type ConnectionFailure =
  | { kind: "unreachable"; detail: string }
  | { kind: "host-key-changed"; detail: string }
  | { kind: "host-key-unknown"; detail: string }
  | { kind: "key-refused"; detail: string }
  | { kind: "other"; detail: string };

const unreachable = [
  /Connection refused/,
  /Connection timed out/,
  /timed out/,
  /No route to host/,
  /Network is unreachable/,
  /Could not resolve hostname/,
  /Name or service not known/,
  /kex_exchange_identification/,
  /Connection closed by/,
  /Connection reset by/,
];

/** The line of ssh's stderr that says why, without its decorations. */
function reasonLine(stderr: string, pattern: RegExp): string {
  return stderr.split("\n").find((line) => pattern.test(line))?.trim() ?? stderr.trim();
}

export function classifySshFailure(stderr: string): ConnectionFailure {
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/.test(stderr)) {
    return { kind: "host-key-changed", detail: reasonLine(stderr, /has changed/) };
  }
  if (/host key is known for|Host key verification failed/.test(stderr)) {
    return { kind: "host-key-unknown", detail: reasonLine(stderr, /host key is known|verification failed/) };
  }
  if (/Permission denied/.test(stderr)) return { kind: "key-refused", detail: reasonLine(stderr, /Permission denied/) };
  const network = unreachable.find((pattern) => pattern.test(stderr));
  if (network) return { kind: "unreachable", detail: reasonLine(stderr, network) };
  return { kind: "other", detail: stderr.trim() };
}
