import { isPullbakError } from "@pullbak/core";
import { failed, passed, type CheckResult } from "./check-result.js";
import { ClientFiles } from "./client-files.js";
import type { DoctorContext } from "./doctor-context.js";
import { readSshdConfig, SSHD_DIR, valueOf, type ConfigFile, type Setting, type SshdConfig } from "./sshd-config.js";

const ID = "sshd-config";
const TITLE = "sshd_config";
const MAIN = `${SSHD_DIR}/sshd_config`;

/** What pull backups need from the client's sshd, and sshd's default when a keyword is absent. */
const REQUIRED = [
  { keyword: "PermitRootLogin", value: "forced-commands-only", unset: "prohibit-password" },
  { keyword: "PasswordAuthentication", value: "no", unset: "yes" },
  { keyword: "KbdInteractiveAuthentication", value: "no", unset: "yes" },
] as const;

const where = (s: Setting) => `${s.file}:${s.line}`;

/** What is wrong with one required keyword, or undefined. */
function problemWith(config: SshdConfig, required: (typeof REQUIRED)[number]): string | undefined {
  const { global, conditional } = valueOf(config, required.keyword);
  const problems: string[] = [];
  if (!global) {
    problems.push(`${required.keyword} is not set (sshd's default is ${required.unset})`);
  } else if (global.value.toLowerCase() !== required.value) {
    const shadowed = config.settings.find((s) => s.keyword === global.keyword && !s.conditional && s !== global && s.value.toLowerCase() === required.value);
    const note = shadowed ? `; the "${shadowed.value}" at ${where(shadowed)} comes later and does not count: the first value wins` : "";
    problems.push(`${required.keyword} ${global.value} at ${where(global)}${note}`);
  }
  for (const s of conditional) {
    if (s.value.toLowerCase() !== required.value) problems.push(`a Match block sets ${required.keyword} ${s.value} at ${where(s)}`);
  }
  return problems.length > 0 ? problems.join("; ") : undefined;
}

/**
 * The client's sshd_config (with its Includes) says PermitRootLogin
 * forced-commands-only and turns password and keyboard-interactive logins
 * off. Read over sftp with the backup key; see ClientFiles for why that is
 * safe against a hostile client.
 */
export async function checkSshdConfig(ctx: DoctorContext): Promise<CheckResult> {
  const files = new ClientFiles(ctx);
  let config: SshdConfig;
  try {
    const text = await files.read(MAIN);
    if (text === undefined) return failed(ID, TITLE, `${ctx.host.name} has no ${MAIN}`, "check which config the client's sshd reads (sshd -T on the client shows the effective settings)");
    config = await readSshdConfig({ path: MAIN, text }, async (pattern) => {
      const found: ConfigFile[] = [];
      for (const path of await files.glob(pattern)) {
        const included = await files.read(path);
        if (included !== undefined) found.push({ path, text: included });
      }
      return found;
    });
  } catch (error) {
    const message = isPullbakError(error) || error instanceof Error ? error.message : String(error);
    return failed(ID, TITLE, message, `check ${MAIN} on the client by hand (sshd -T shows the effective settings)`);
  }
  const problems = REQUIRED.map((r) => problemWith(config, r)).filter((p): p is string => p !== undefined);
  const read = `read ${config.files.join(", ")}`;
  if (problems.length === 0) return passed(ID, TITLE, `${REQUIRED.map((r) => `${r.keyword} ${r.value}`).join(", ")} (${read})`);
  return failed(
    ID,
    TITLE,
    `${problems.join("; ")} (${read})`,
    `in the client's sshd_config, put ${REQUIRED.map((r) => `${r.keyword} ${r.value}`).join(", ")} before any other value of those keywords (and before Include lines that set them), then reload its sshd`,
  );
}
