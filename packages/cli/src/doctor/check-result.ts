/**
 * One line of `pullbak doctor`: what was checked, whether it passed, and on
 * failure what the admin should do. `skip` means an earlier failure (an
 * unknown host key, a refused key) made the check impossible; it never
 * counts as a pass.
 */
export interface CheckResult {
  /** Stable name for scripts (`--json`), e.g. `password-login`. */
  id: string;
  /** What a person reads, e.g. `password login`. */
  title: string;
  status: "ok" | "fail" | "skip";
  /** What was found. */
  detail: string;
  /** What to do about a failure. */
  fix?: string;
}

export function passed(id: string, title: string, detail: string): CheckResult {
  return { id, title, status: "ok", detail };
}

export function failed(id: string, title: string, detail: string, fix: string): CheckResult {
  return { id, title, status: "fail", detail, fix };
}

export function skipped(id: string, title: string, why: string): CheckResult {
  return { id, title, status: "skip", detail: `not checked: ${why}` };
}
