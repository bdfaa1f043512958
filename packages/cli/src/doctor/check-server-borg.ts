import { failed, passed, type CheckResult } from "./check-result.js";
import { versionFromBorgOutput } from "./borg-version.js";
import type { DoctorContext } from "./doctor-context.js";

const ID = "borg-server";
const TITLE = "borg (server)";

export interface ServerBorgCheck {
  result: CheckResult;
  version?: string;
}

/** The server's borg: it creates, lists and checks repositories, and runs every command under isolation none. */
export async function checkServerBorg(ctx: DoctorContext): Promise<ServerBorgCheck> {
  const outcome = await ctx.commands.run({ argv: ["borg", "--version"] }, { probe: true });
  const version = outcome.exitCode === 0 ? versionFromBorgOutput(outcome.stdout) : undefined;
  if (!version) return { result: failed(ID, TITLE, "borg is not installed on this server (or does not run)", "apt install borgbackup") };
  return { result: passed(ID, TITLE, `borg ${version}`), version };
}
