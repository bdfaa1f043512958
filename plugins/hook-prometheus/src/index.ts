import { definePlugin, PLUGIN_API_VERSION } from "@pullbak/core";
import { z } from "zod";
import { PrometheusHook, type PrometheusSettings } from "./prometheus-hook.js";

/** Debian's prometheus-node-exporter reads this directory (`--collector.textfile.directory`). */
const DEFAULT_FILE = "/var/lib/prometheus/node-exporter/pullbak.prom";

const options = z
  .object({
    /** The file to rewrite; must end in .prom and sit in node_exporter's textfile directory. */
    file: z.string().startsWith("/", "expected an absolute path").endsWith(".prom", "expected a file name ending in .prom (node_exporter reads only those)").default(DEFAULT_FILE),
  })
  .strict();

export default definePlugin<"hook", PrometheusSettings>({
  name: "prometheus",
  kind: "hook",
  apiVersion: PLUGIN_API_VERSION,
  description: "rewrites a node_exporter textfile (.prom) with every host's last backup: time, duration, result, sizes",
  options,
  create: (validated) => new PrometheusHook(validated),
});

export { PrometheusHook, type PrometheusSettings } from "./prometheus-hook.js";
export { exposition } from "./exposition.js";
export { fleetBackups, type HostBackups } from "./fleet-records.js";
