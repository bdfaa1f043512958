import "reflect-metadata";
import { container as rootContainer, type DependencyContainer } from "tsyringe";
import {
  abortOnSignals,
  abortOnTimeout,
  ARCHIVER,
  cleanupLeftovers,
  ConsoleLogger,
  createHostContainer,
  createJob,
  DEFAULT_CONFIG_FILE,
  DryRunRunner,
  ExecaRunner,
  loadConfig,
  loadRegistry,
  lockHost,
  resolveHost,
  selectPlugins,
  type Job,
  type LoadedConfig,
  type PluginRegistry,
  type ResolvedHost,
} from "@pullbak/core";
import { builtinPlugins } from "./builtin-plugins.js";


export interface GlobalOptions {
  config?: string | undefined;
  verbose?: boolean | undefined;
}

export interface Loaded extends LoadedConfig {
  registry: PluginRegistry;
}

export async function loadAll(options: GlobalOptions): Promise<Loaded> {
  const loaded = await loadConfig(options.config ?? DEFAULT_CONFIG_FILE);
  return { ...loaded, registry: await loadRegistry(builtinPlugins, loaded.config, loaded.file) };
}

export type SessionOptions = GlobalOptions & {
  overrides?: readonly string[];
  dryRun?: boolean;
  /** Stop the session's job once the host's `timeout` has passed (issue #10: a run owns its time). */
  timed?: boolean;
};

export interface HostSession {
  host: ResolvedHost;
  job: Job;
  container: DependencyContainer;
  /** What cleaning up after a killed earlier run did, one line each (also logged). */
  leftovers: string[];
  close(): Promise<void>;
}

/**
 * Everything one host's job needs: its validated plugins in a child
 * container, a job whose signal fires on Ctrl-C/SIGTERM, the host lock, and
 * the leftovers of a killed earlier run cleaned up first.
 */
export async function openHostSession(
  loaded: Loaded,
  name: string,
  options: SessionOptions,
): Promise<HostSession> {
  const host = resolveHost(loaded.config, name, loaded.file);
  const selection = selectPlugins(host, options.overrides ?? [], loaded.registry);
  const container = createHostContainer(rootContainer, loaded.registry, host, selection);
  const log = new ConsoleLogger(`${host.name}: `, { verbose: options.verbose ?? false });
  const controller = new AbortController();
  const stopListening = abortOnSignals(controller);
  const stopTimer = options.timed && !options.dryRun ? abortOnTimeout(controller, host) : () => {};
  const real = new ExecaRunner(controller.signal, (line) => log.debug(line));
  const commands = options.dryRun ? new DryRunRunner(real, (line) => process.stdout.write(`${line}\n`)) : real;
  const job = createJob({ host, commands, log, signal: controller.signal, abort: (reason) => controller.abort(reason) });
  let unlock = async () => {};
  const leftovers: string[] = [];
  if (!options.dryRun) {
    try {
      unlock = await lockHost(host.stateDir, host.name, host.lockWait, controller.signal, (holder, file) => {
        const line = `took over ${file} from pid ${holder.pid} (since ${holder.since}), which is gone`;
        log.info(line);
        leftovers.push(line);
      });
      leftovers.push(...(await cleanupLeftovers(job, container.resolve(ARCHIVER))));
    } catch (error) {
      stopTimer();
      stopListening();
      await unlock();
      throw error;
    }
  }
  return {
    host,
    job,
    container,
    leftovers,
    async close() {
      stopTimer();
      stopListening();
      await unlock();
      container.dispose();
    },
  };
}

export async function withHostSession<T>(
  loaded: Loaded,
  name: string,
  options: SessionOptions,
  work: (session: HostSession) => Promise<T>,
): Promise<T> {
  const session = await openHostSession(loaded, name, options);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}
