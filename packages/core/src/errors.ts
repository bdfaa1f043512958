/**
 * Every failure pullbak reports is a PullbakError with a stable code, so that
 * scripts and docs/errors.md can rely on the code while the message stays
 * free to say what happened and where.
 */
export type ErrorCode =
  | "CONFIG_NOT_FOUND"
  | "CONFIG_SYNTAX"
  | "CONFIG_INVALID"
  | "UNKNOWN_HOST"
  | "UNKNOWN_PLUGIN"
  | "PLUGIN_LOAD_FAILED"
  | "PLUGIN_SHAPE"
  | "PLUGIN_API_VERSION"
  | "PLUGIN_OPTIONS"
  | "PLUGIN_REQUIREMENT"
  | "SECRET_UNAVAILABLE"
  | "COMMAND_FAILED"
  | "CLIENT_UNREACHABLE"
  /** issue 10 (sshfsmem): the transport's daemon (sshfs) ended while a job used its mount, e.g. at its memory cap. */
  | "TRANSPORT_ENDED"
  | "HOST_KEY_MISMATCH"
  /** issue 14: a tunnelled host's reverse tunnel does not answer on this server. */
  | "TUNNEL_DOWN"
  | "UNSAFE_CLIENT_PATH"
  | "ARCHIVER_FAILED"
  | "ARCHIVER_WARNING"
  /** issue 15: a restore asked for a path the archive does not hold. */
  | "NOT_IN_ARCHIVE"
  /** issue 15: the repository is older than what this server last saw of it. */
  | "REPOSITORY_ROLLED_BACK"
  /** issue 15: a restore whose selection holds nothing it can restore (an empty archive, or only what the method leaves out). */
  | "NOTHING_TO_RESTORE"
  | "INTERRUPTED"
  | "TIMEOUT"
  | "UNSAFE_FILE"
  | "TEARDOWN_FAILED"
  | "HOST_BUSY"
  | "NOT_IMPLEMENTED"
  | "USAGE"
  | "BEFORE_COMMAND_FAILED"
  /** issue 15 (keys): a restore's key logs in to an sftp that refuses writes; nothing was restored. */
  | "READ_ONLY_KEY"
  /** issue 15 (keys): what a restore would write does not fit in the client's free space. */
  | "CLIENT_SPACE";

export class PullbakError extends Error {
  override readonly name = "PullbakError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isPullbakError(error: unknown, code?: ErrorCode): error is PullbakError {
  return error instanceof PullbakError && (code === undefined || error.code === code);
}
