import { randomUUID } from "node:crypto";
import { endpointOf, sendNotice, type Hook, type Job, type JobEvent, type RunRecord } from "@pullbak/core";
import { pingUrl, type PingTarget } from "./ping-url.js";

/** `options.healthchecks`, validated; `timeout` in seconds. */
export interface HealthchecksSettings extends PingTarget {
  timeout: number;
  retries: number;
  /** Lines of the job's log sent as the body of a fail ping. */
  logLines: number;
}

/** Healthchecks keeps the first 100 kB of a ping body; more would be cut anyway. */
const MAX_BODY_BYTES = 100_000;

/** The body of an end ping: what happened, then the last log lines for a failure. */
function report(job: Job, record: RunRecord, logLines: number): string {
  const lines = [`pullbak ${record.action} of ${record.host}: ${record.result} (exit ${record.exitCode}) in ${record.durationSeconds}s`];
  if (record.archive) lines.push(`archive: ${record.archive}`);
  if (record.stats) lines.push(`files: ${record.stats.files}, original bytes: ${record.stats.originalBytes}, deduplicated bytes: ${record.stats.deduplicatedBytes}`);
  if (record.error) lines.push(`error ${record.error.code}: ${record.error.message}`);
  for (const warning of record.warnings.slice(-logLines)) lines.push(`warning: ${warning}`);
  const failed = record.result !== "ok" && record.result !== "warnings";
  const recent = failed ? (job.log.recent?.(logLines) ?? []) : [];
  if (recent.length > 0) lines.push("", `last ${recent.length} log lines:`, ...recent);
  const body = `${lines.join("\n")}\n`;
  return Buffer.byteLength(body) > MAX_BODY_BYTES ? body.slice(-MAX_BODY_BYTES / 4) : body;
}

/**
 * Pings a Healthchecks-style check per host for its backups (issue #13):
 * `/start` before the job, then success (ok, warnings) or `/fail` (failed, interrupted, skipped)
 * once its record is written. A ping that fails costs at most `timeout`
 * seconds and one warning naming only the endpoint's scheme and host (a ping
 * URL holds the check's secret UUID or the project's ping key).
 */
export class HealthchecksHook implements Hook {
  /** One run id per job; Healthchecks pairs start and end by it. */
  readonly #rid = randomUUID();
  /** An endpoint that is down says so once per job, not at each ping. */
  #warned = false;

  constructor(private readonly settings: HealthchecksSettings) {}

  async #ping(job: Job, kind: "start" | "success" | "fail", body?: string): Promise<void> {
    const url = pingUrl(this.settings, job.host.name, kind, this.#rid);
    const outcome = await sendNotice({
      url,
      headers: { "content-type": "text/plain; charset=utf-8", "user-agent": "pullbak" },
      body: body ?? "",
      timeoutSeconds: this.settings.timeout,
      retries: this.settings.retries,
    });
    if (outcome.ok) return;
    const message = `healthchecks ${endpointOf(url)}: the ${kind} ping was not delivered: ${outcome.reason}`;
    if (this.#warned) job.log.debug(message);
    else job.log.warn(message);
    this.#warned = true;
  }

  /** Never throws: a monitoring endpoint that is down must not skip the backup. */
  async before(job: Job, event: JobEvent): Promise<void> {
    if (job.commands.dryRun || event.action !== "backup") return;
    await this.#ping(job, "start");
  }

  async finished(job: Job, record: RunRecord): Promise<void> {
    // The check watches backups: a restore's success must not stand in for a missed backup.
    if (record.action !== "backup") return;
    const good = record.result === "ok" || record.result === "warnings";
    await this.#ping(job, good ? "success" : "fail", report(job, record, this.settings.logLines));
  }
}
