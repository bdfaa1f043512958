/** Where a host's checks live: a whole ping URL, or a base URL (with the project's ping key) and a slug. */
export interface PingTarget {
  url?: string;
  baseUrl?: string;
  slug?: string;
  /** Ask Healthchecks to create a missing check for a slug (`?create=1`). */
  create: boolean;
}

/**
 * The URL of one ping, following Healthchecks' pinging API: `<check>` for
 * success, `<check>/start`, `<check>/fail`; a check is `<url>` or
 * `<baseUrl>/<slug>` (slug defaults to the host's name). `rid` ties a start
 * to its end so Healthchecks measures the run's duration.
 */
export function pingUrl(target: PingTarget, host: string, kind: "start" | "success" | "fail", rid: string): string {
  const check = target.url ?? `${target.baseUrl!.replace(/\/+$/, "")}/${encodeURIComponent(target.slug ?? host)}`;
  const url = new URL(kind === "success" ? check : `${check.replace(/\/+$/, "")}/${kind}`);
  url.searchParams.set("rid", rid);
  if (target.create && !target.url) url.searchParams.set("create", "1");
  return url.toString();
}
