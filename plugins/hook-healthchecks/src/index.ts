import { definePlugin, durationSchema, PLUGIN_API_VERSION } from "@pullbak/core";
import { z } from "zod";
import { HealthchecksHook, type HealthchecksSettings } from "./healthchecks-hook.js";

const httpUrl = z.string().url().refine((u) => /^https?:\/\//.test(u), { message: "expected an http:// or https:// URL" });

const options = z
  .object({
    /** The check's ping URL, e.g. https://hc-ping.com/<uuid>; set per host. */
    url: httpUrl.optional(),
    /** Or a base URL with the project's ping key, e.g. https://hc-ping.com/<ping-key>, set once in defaults ... */
    baseUrl: httpUrl.optional(),
    /** ... and a slug per host (default: the host's name). */
    slug: z.string().regex(/^[a-z0-9_-]+$/, "expected a Healthchecks slug: lowercase letters, digits, '-' or '_'").optional(),
    /** With baseUrl: have Healthchecks create a missing check (`?create=1`). */
    create: z.boolean().default(false),
    /** Seconds per ping, all attempts together (default 10). */
    timeout: durationSchema.default(10),
    /** Attempts after the first, on a network error, 408, 429 or 5xx (default 2). */
    retries: z.number().int().min(0).max(10).default(2),
    /** Log lines sent with a fail ping (default 20). */
    logLines: z.number().int().min(0).max(1000).default(20),
  })
  .strict()
  .refine((o) => (o.url === undefined) !== (o.baseUrl === undefined), { message: "set either url (a check's ping URL) or baseUrl (with slug, default the host's name)" });

export default definePlugin<"hook", HealthchecksSettings>({
  name: "healthchecks",
  kind: "hook",
  apiVersion: PLUGIN_API_VERSION,
  description: "start, success and fail pings to a Healthchecks check per host (ping URL, or base URL and slug)",
  options,
  create: (validated) => new HealthchecksHook(validated),
});

export { HealthchecksHook, type HealthchecksSettings } from "./healthchecks-hook.js";
export { pingUrl, type PingTarget } from "./ping-url.js";
