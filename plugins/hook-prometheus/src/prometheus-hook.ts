import type { Hook, Job, RunRecord } from "@pullbak/core";
import { writeFileAtomically } from "./atomic-text-file.js";
import { exposition } from "./exposition.js";
import { fleetBackups } from "./fleet-records.js";

/** `options.prometheus`, validated. */
export interface PrometheusSettings {
  /** The `.prom` file in node_exporter's `--collector.textfile.directory`. */
  file: string;
}

/**
 * Hosts of one fleet run finish in parallel in one process: their rewrites
 * queue here, so each reads the records the one before it wrote.
 */
let queue: Promise<void> = Promise.resolve();

/**
 * Rewrites the textfile-collector file after each backup (issue #13), from
 * every host's run records, so the file always holds the whole fleet.
 * A write that fails is one warning; the backup's result stands.
 */
export class PrometheusHook implements Hook {
  constructor(private readonly settings: PrometheusSettings) {}

  async finished(job: Job, record: RunRecord): Promise<void> {
    if (record.action !== "backup") return;
    const write = queue.then(async () => writeFileAtomically(this.settings.file, await exposition(await fleetBackups(job.host.stateDir))));
    queue = write.catch(() => undefined);
    try {
      await write;
    } catch (error) {
      job.log.warn(`prometheus: could not write ${this.settings.file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
