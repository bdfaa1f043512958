/** The last few non-empty lines of a command's stderr, on one line: what a user needs to see in an error. */
export function stderrSummary(stderr: string, maxLines = 6): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  return lines.slice(-maxLines).join(" | ") || "(no message)";
}
