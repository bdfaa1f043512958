/**
 * @pullbak/core: the contracts plugins implement, the config, the plugin
 * registry and the run engine. Depends on no plugin.
 */
export * from "./errors.js";
export * from "./exit-codes.js";
export * from "./config/schema.js";
export * from "./config/defaults.js";
export * from "./config/load-config.js";
export * from "./config/resolve-host.js";
export * from "./contracts/command.js";
export * from "./contracts/job.js";
export * from "./contracts/logger.js";
export * from "./contracts/transport.js";
export * from "./contracts/isolation.js";
export * from "./contracts/archiver.js";
export * from "./contracts/restorer.js";
export * from "./contracts/hook.js";
export * from "./contracts/secret.js";
export * from "./plugins/manifest.js";
export * from "./plugins/registry.js";
export * from "./plugins/load-registry.js";
export * from "./plugins/plugin-selection.js";
export * from "./plugins/host-container.js";
export * from "./plugins/tokens.js";
export * from "./engine/undo-stack.js";
export * from "./engine/interrupt.js";
export * from "./engine/mount-journal.js";
export * from "./engine/host-lock.js";
export * from "./engine/with-job.js";
export * from "./engine/create-job.js";
export * from "./engine/console-logger.js";
export * from "./engine/server-runner.js";
export * from "./engine/archive-name.js";
export * from "./engine/actions.js";
export * from "./process/execa-runner.js";
export * from "./process/dry-run-runner.js";
export * from "./process/format-argv.js";
export * from "./secrets/secret-sources.js";
export * from "./engine/mount-table.js";
export * from "./engine/leftovers.js";
export * from "./config/key-files.js";
export * from "./format-bytes.js";
export * from "./engine/process-alive.js";
export * from "./engine/mount-probe.js";
export * from "./engine/client-watchdog.js";
export * from "./engine/client-watch.js";
