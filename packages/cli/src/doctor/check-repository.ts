import { isPullbakError, list } from "@pullbak/core";
import { withHostSession } from "../session.js";
import { failed, passed, type CheckResult } from "./check-result.js";
import type { DoctorContext } from "./doctor-context.js";

const ID = "repository";
const TITLE = "repository";

/** What to do about a failed `list`, from what borg or pullbak said. */
function fixFor(ctx: DoctorContext, message: string, code: string | undefined): string {
  const { host } = ctx;
  if (code === "HOST_BUSY") return "another pullbak run holds the host; run doctor again when it is done";
  if (code === "SECRET_UNAVAILABLE") return `make hosts.${host.name}.repository.passphrase (or defaults.repository.passphrase) readable by pullbak`;
  if (/passphrase/i.test(message)) return `repository.passphrase gives a passphrase that does not open ${host.repository.path}: point it at the one the repository was created with`;
  if (/does not exist|not a valid repository|No such file/i.test(message)) return `create it: pullbak init ${host.name}`;
  return `run pullbak list ${host.name} -v to see borg's messages`;
}

/**
 * The repository exists and the passphrase opens it: core's `list` through
 * a host session, exactly as `pullbak list` runs it (the passphrase reaches
 * borg on a pipe, never argv or the environment).
 */
export async function checkRepository(ctx: DoctorContext): Promise<CheckResult> {
  const { host } = ctx;
  try {
    const archives = await withHostSession(ctx.loaded, host.name, ctx.global, ({ container, job }) => list(container, job));
    const newest = archives.at(-1);
    const count = archives.length === 1 ? "1 archive" : `${archives.length} archives`;
    return passed(ID, TITLE, `${host.repository.path} opens with the passphrase (${count}${newest ? `, newest ${newest.name}` : ""})`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return failed(ID, TITLE, message, fixFor(ctx, message, isPullbakError(error) ? error.code : undefined));
  }
}
