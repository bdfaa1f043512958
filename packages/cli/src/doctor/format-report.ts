import type { CheckResult } from "./check-result.js";

const LABEL = { ok: "ok  ", fail: "FAIL", skip: "skip" } as const;

/** One line per check: `ok   host key: ...` or `FAIL password login: ... — fix: ...`. */
export function formatCheck(check: CheckResult): string {
  const fix = check.status === "fail" && check.fix ? ` — fix: ${check.fix}` : "";
  return `${LABEL[check.status]} ${check.title}: ${check.detail}${fix}`;
}

export function allPassed(checks: readonly CheckResult[]): boolean {
  return checks.every((check) => check.status === "ok");
}
