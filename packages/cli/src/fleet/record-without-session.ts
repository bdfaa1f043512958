import "reflect-metadata";
import { container as rootContainer } from "tsyringe";
import { createHostContainer, recordRun, resolveHost, selectPlugins, type Logger, type RunRecord } from "@pullbak/core";
import type { Loaded } from "../session.js";
import { withUnlockedHost } from "../unlocked-host.js";

/**
 * Writes the record of a host job that never got its session (skipped
 * after Ctrl-C, or failed before the lock: HOST_BUSY, leftovers that could
 * not be cleaned), through `recordRun`, so hooks hear of every host job once
 * (issue #11, #13). Takes no lock and touches neither client nor repository.
 */
export async function recordWithoutSession(loaded: Loaded, name: string, overrides: readonly string[], record: RunRecord, log: Logger): Promise<void> {
  await withUnlockedHost(loaded, name, { overrides, log }, ({ job, container }) => recordRun(container, job, record));
}

/** Checks every host's config and plugins before the first host starts: a config error stops the run whole (exit 78). */
export function checkHosts(loaded: Loaded, names: readonly string[], overrides: readonly string[]): void {
  for (const name of names) {
    const host = resolveHost(loaded.config, name, loaded.file);
    createHostContainer(rootContainer, loaded.registry, host, selectPlugins(host, overrides, loaded.registry)).dispose();
  }
}
