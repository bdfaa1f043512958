/**
 * One HTTP request to a monitoring endpoint (webhook, Healthchecks ping),
 * bounded in time: `timeoutSeconds` is the budget for all attempts together,
 * so an endpoint that is down or slow delays the run by at most that much
 * (issue #13). Network errors, 408, 429 and 5xx are retried up to `retries`
 * times with a short backoff; other answers are final.
 */
export interface Notice {
  url: string;
  method?: "POST" | "GET" | "HEAD";
  /** Sent as given; may hold a secret (Authorization), so never logged nor put in a message. */
  headers?: Record<string, string>;
  body?: string;
  /** Seconds for all attempts together. */
  timeoutSeconds: number;
  /** Attempts after the first. */
  retries: number;
}

export type NoticeOutcome = { ok: true; status: number; attempts: number } | { ok: false; reason: string; attempts: number };

/** An endpoint as messages may name it: scheme, host and port; a path or query may hold a ping key or token. */
export function endpointOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return "(invalid URL)";
  }
}

function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

function describeFailure(error: unknown, deadline: AbortSignal, timeoutSeconds: number): string {
  if (deadline.aborted) return `no answer within ${timeoutSeconds}s`;
  // undici puts the system error (ECONNREFUSED, ENOTFOUND) in `cause`.
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/**
 * Sends `notice`; never throws. Redirects are refused: a token must not
 * follow one to another host.
 * @returns ok with the HTTP status, or a reason fit for a warning line (no URL path, no header).
 */
export async function sendNotice(notice: Notice): Promise<NoticeOutcome> {
  const deadline = AbortSignal.timeout(Math.max(0.1, notice.timeoutSeconds) * 1000);
  let reason = "not sent";
  let attempts = 0;
  for (let attempt = 0; attempt <= notice.retries && !deadline.aborted; attempt++) {
    attempts++;
    try {
      const response = await fetch(notice.url, {
        method: notice.method ?? "POST",
        headers: notice.headers,
        ...(notice.body !== undefined ? { body: notice.body } : {}),
        redirect: "error",
        signal: deadline,
      });
      // The body is not needed; reading it frees the connection.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { ok: true, status: response.status, attempts };
      reason = `HTTP ${response.status}`;
      if (!retryable(response.status)) return { ok: false, reason, attempts };
    } catch (error) {
      reason = describeFailure(error, deadline, notice.timeoutSeconds);
    }
    if (attempt < notice.retries && !deadline.aborted) await backoff(attempt, deadline);
  }
  return { ok: false, reason: `${reason} after ${attempts} attempt${attempts === 1 ? "" : "s"}`, attempts };
}

/** 0.5 s, 1 s, 2 s ..., cut short by the deadline. */
function backoff(attempt: number, deadline: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, Math.min(500 * 2 ** attempt, 4000));
    function done() {
      clearTimeout(timer);
      deadline.removeEventListener("abort", done);
      resolve();
    }
    deadline.addEventListener("abort", done, { once: true });
  });
}
