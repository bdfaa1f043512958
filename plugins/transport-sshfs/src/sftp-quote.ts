import { PullbakError } from "@pullbak/core";

/**
 * A path as one word of an sftp batch command: inside double quotes sftp
 * takes every character literally (glob characters too) except `\` and `"`,
 * which are escaped. A control character could end the batch line; refused.
 *
 * @throws PullbakError UNSAFE_CLIENT_PATH for a path with a control character.
 */
export function sftpQuote(path: string): string {
  if (!fitsBatchLine(path)) {
    throw new PullbakError("UNSAFE_CLIENT_PATH", `refusing to ask sftp for a path with a control character: ${JSON.stringify(path)}`);
  }
  return `"${path.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/** True when `path` has no control character, so sftpQuote can put it on a batch line. */
export function fitsBatchLine(path: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u001f\u007f]/.test(path);
}
