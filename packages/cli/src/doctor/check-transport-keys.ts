import { resolveSelection, selectPlugins } from "@pullbak/core";
import { failed, passed, skipped, type CheckResult } from "./check-result.js";
import type { DoctorContext } from "./doctor-context.js";

/**
 * The host's transport's own key checks (issue 14: tar-stream's forced tar
 * line against the config), or `undefined` when the transport has none and
 * the usual backup-key checks apply.
 */
export async function checkTransportKeys(ctx: DoctorContext, reachable: boolean): Promise<CheckResult[] | undefined> {
  const resolved = resolveSelection(ctx.loaded.registry, ctx.host, selectPlugins(ctx.host, [], ctx.loaded.registry));
  const transport = resolved.transport.create(resolved.options.get(resolved.transport));
  if (!transport.checkKeys) return undefined;
  const id = `${ctx.host.plugins.transport}-keys`;
  if (!reachable) return [skipped(id, `${ctx.host.plugins.transport} keys`, "the host key check failed")];
  try {
    const checks = await transport.checkKeys(ctx.host, ctx.commands);
    return checks.map((c) => (c.ok ? passed(c.id, c.title, c.detail) : failed(c.id, c.title, c.detail, c.fix ?? "see docs/errors.md")));
  } catch (error) {
    return [failed(id, `${ctx.host.plugins.transport} keys`, error instanceof Error ? error.message : String(error), "fix what the message names, then run doctor again")];
  }
}
