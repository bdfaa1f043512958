import { endpointOf, sendNotice, type Hook, type Job, type RunRecord } from "@pullbak/core";
import { readTokenFile } from "./secret-file.js";

/** `options.webhook`, validated; durations in seconds. */
export interface WebhookSettings {
  url: string;
  headers: Record<string, string>;
  bearerTokenFile?: string;
  timeout: number;
  retries: number;
}

/**
 * POSTs each finished job's run record (the JSON written under
 * `<stateDir>/hosts/<host>/runs/`) to `url` (issue #13). An endpoint that is
 * down or slow costs at most `timeout` seconds and one warning line naming
 * only its scheme, host and port; the run's result stands.
 */
export class WebhookHook implements Hook {
  constructor(private readonly settings: WebhookSettings) {}

  async finished(job: Job, record: RunRecord): Promise<void> {
    const where = `webhook ${endpointOf(this.settings.url)}`;
    const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "pullbak", ...this.settings.headers };
    if (this.settings.bearerTokenFile) {
      try {
        headers.authorization = `Bearer ${await readTokenFile(this.settings.bearerTokenFile)}`;
      } catch (error) {
        job.log.warn(`${where}: not sent: ${(error as Error).message}`);
        return;
      }
    }
    const outcome = await sendNotice({ url: this.settings.url, headers, body: JSON.stringify(record), timeoutSeconds: this.settings.timeout, retries: this.settings.retries });
    if (!outcome.ok) job.log.warn(`${where}: the run record was not delivered: ${outcome.reason}`);
  }
}
