import "reflect-metadata";
import { container as rootContainer, type DependencyContainer } from "tsyringe";
import { createHostContainer, createJob, ExecaRunner, resolveHost, selectPlugins, type Job, type Logger } from "@pullbak/core";
import type { Loaded } from "./session.js";

/**
 * A host's plugins and a job without the host lock, for work that only
 * writes a record or reads the repository (status --verify, a skipped
 * host's record): it must not wait for, or clean up after, a run that holds
 * the lock. Never opens the client.
 */
export async function withUnlockedHost<T>(
  loaded: Loaded,
  name: string,
  options: { overrides?: readonly string[]; log: Logger; signal?: AbortSignal },
  work: (session: { job: Job; container: DependencyContainer }) => Promise<T>,
): Promise<T> {
  const host = resolveHost(loaded.config, name, loaded.file);
  const container = createHostContainer(rootContainer, loaded.registry, host, selectPlugins(host, options.overrides ?? [], loaded.registry));
  const signal = options.signal ?? new AbortController().signal;
  const job = createJob({ host, commands: new ExecaRunner(signal, (line) => options.log.debug(line)), log: options.log, signal });
  try {
    return await work({ job, container });
  } finally {
    container.dispose();
  }
}
