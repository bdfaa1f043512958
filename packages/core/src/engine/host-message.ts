import type { Job } from "../contracts/job.js";

/**
 * A message without its leading `host NAME: `, for wrapping it in a
 * sentence that names the host once: "host web1: check repository failed:
 * borg check found ..." rather than "host web1: ... host web1: ...".
 */
export function withoutHost(job: Job, message: string): string {
  const prefix = `host ${job.host.name}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}
