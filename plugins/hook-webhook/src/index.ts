import { definePlugin, durationSchema, PLUGIN_API_VERSION } from "@pullbak/core";
import { z } from "zod";
import { WebhookHook, type WebhookSettings } from "./webhook-hook.js";

const httpUrl = z.string().url().refine((u) => /^https?:\/\//.test(u), { message: "expected an http:// or https:// URL" });

const options = z
  .object({
    /** Where the run record is POSTed as JSON. */
    url: httpUrl,
    /** Extra request headers, sent as written; put secrets in bearerTokenFile instead. */
    headers: z.record(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, "expected an HTTP header name"), z.string()).default({}),
    /** A file whose first line is sent as `Authorization: Bearer <token>`; read at each send, never logged. */
    bearerTokenFile: z.string().startsWith("/", "expected an absolute path").optional(),
    /** Seconds for all attempts together (default 10). */
    timeout: durationSchema.default(10),
    /** Attempts after the first, on a network error, 408, 429 or 5xx (default 3). */
    retries: z.number().int().min(0).max(10).default(3),
  })
  .strict();

export default definePlugin<"hook", WebhookSettings>({
  name: "webhook",
  kind: "hook",
  apiVersion: PLUGIN_API_VERSION,
  description: "POSTs each job's run record as JSON to a URL (optional bearer token from a file)",
  options,
  create: (validated) => new WebhookHook(validated),
});

export { WebhookHook, type WebhookSettings } from "./webhook-hook.js";
export { readTokenFile } from "./secret-file.js";
