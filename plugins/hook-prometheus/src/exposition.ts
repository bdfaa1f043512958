import type { RunResult } from "@pullbak/core";
import type { HostBackups } from "./fleet-records.js";

const results: readonly RunResult[] = ["ok", "warnings", "failed", "interrupted", "skipped"];

const seconds = (iso: string) => Date.parse(iso) / 1000;

/**
 * The fleet's backup metrics in Prometheus' text exposition format, written
 * by prom-client (one `# HELP` and `# TYPE` per family, escaping done right).
 * No sample timestamps: node_exporter's textfile collector refuses them.
 *
 * Per host (label `host`): pullbak_last_success_timestamp_seconds,
 * pullbak_last_run_timestamp_seconds, pullbak_last_run_duration_seconds,
 * pullbak_last_run_exit_code, pullbak_last_run_result (1 for the newest
 * run's result, 0 for the others, label `result`), and from the newest
 * archive with figures pullbak_last_archive_files,
 * pullbak_last_archive_original_bytes, pullbak_last_archive_deduplicated_bytes.
 */
export async function exposition(hosts: readonly HostBackups[]): Promise<string> {
  // Loaded here, not with the plugin: every pullbak command registers the plugin, and prom-client's ~80 modules doubled the cost of loading it.
  const { Gauge, Registry } = await import("prom-client");
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[] = ["host"]) => new Gauge({ name, help, labelNames, registers: [registry] });
  const lastSuccess = gauge("pullbak_last_success_timestamp_seconds", "End of the newest backup that finished ok or with warnings, Unix time in seconds.");
  const lastRun = gauge("pullbak_last_run_timestamp_seconds", "End of the newest backup run, whatever its result, Unix time in seconds.");
  const duration = gauge("pullbak_last_run_duration_seconds", "Duration of the newest backup run in seconds.");
  const exitCode = gauge("pullbak_last_run_exit_code", "pullbak's exit code for the newest backup run (0 ok, 1 warnings, 2 failed, 130 interrupted).");
  const result = gauge("pullbak_last_run_result", "1 for the result of the newest backup run, 0 for the other results.", ["host", "result"]);
  const files = gauge("pullbak_last_archive_files", "Files in the newest archive that reported figures.");
  const original = gauge("pullbak_last_archive_original_bytes", "Original size of the newest archive that reported figures, in bytes.");
  const deduplicated = gauge("pullbak_last_archive_deduplicated_bytes", "Bytes the newest archive that reported figures added to the repository after deduplication and compression.");
  for (const { host, last, lastSuccess: success, lastStats } of hosts) {
    if (success) lastSuccess.set({ host }, seconds(success.end));
    lastRun.set({ host }, seconds(last.end));
    duration.set({ host }, last.durationSeconds);
    exitCode.set({ host }, last.exitCode);
    for (const name of results) result.set({ host, result: name }, last.result === name ? 1 : 0);
    if (lastStats?.stats) {
      files.set({ host }, lastStats.stats.files);
      original.set({ host }, lastStats.stats.originalBytes);
      deduplicated.set({ host }, lastStats.stats.deduplicatedBytes);
    }
  }
  return registry.metrics();
}
