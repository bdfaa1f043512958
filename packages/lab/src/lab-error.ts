/** What went wrong, stable enough for tests and scripts to branch on. */
export type LabErrorCode =
  | "LAB_NOT_ROOT"
  | "LAB_EXISTS"
  | "LAB_DIR_IN_USE"
  | "LAB_NO_FREE_SLOT"
  | "LAB_SSHD_START"
  | "LAB_NOT_UP"
  | "LAB_NOT_A_LAB";

/**
 * The one error type of @pullbak/lab: a code for callers, a message for
 * people. Failures of the tools it runs (ip, sshd, ssh-keygen) surface as
 * execa errors in `cause`, so their stderr is not lost.
 */
export class LabError extends Error {
  override readonly name = "LabError";
  constructor(
    readonly code: LabErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
