import { dirname } from "node:path";
import { failed, passed, type CheckResult } from "./check-result.js";
import { majorOf, shebangInterpreter, versionFromEntryScript, versionFromVersionPy } from "./borg-version.js";
import { ClientFiles } from "./client-files.js";
import type { DoctorContext } from "./doctor-context.js";

const ID = "borg-client";
const TITLE = "borg (client)";
/**
 * The PATH commands get inside the chroot (core's child environment): the
 * chroot isolation looks a bare `borg` up there, through the client's
 * /usr/bin/env.
 */
const CHROOT_PATH = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];
/** Bigger than this, it is not an entry script but a standalone binary, which is not read. */
const SCRIPT_MAX_BYTES = 64 * 1024;

/** The `borg` option of the host's chroot isolation (a name looked up in PATH, or an absolute client path). */
function chrootBorgOption(ctx: DoctorContext): string {
  const { registry } = ctx.loaded;
  const manifest = registry.get("isolation", "chroot");
  const merged = { ...registry.defaultOptionsOf("chroot"), ...ctx.host.options["chroot"] };
  const parsed = manifest.options?.safeParse(merged);
  const borg = parsed?.success ? (parsed.data as { borg?: unknown }).borg : undefined;
  return typeof borg === "string" ? borg : "borg";
}

/** The borg package's _version.py for the python that runs the script (Debian's python also reads /usr/local first). */
async function versionBeside(files: ClientFiles, interpreter: string): Promise<{ version: string; from: string } | undefined> {
  const prefix = dirname(dirname(interpreter));
  for (const base of prefix === "/usr" ? ["/usr/local", "/usr"] : [prefix]) {
    for (const path of await files.glob(`${base}/lib/python3*/*-packages/borg/_version.py`)) {
      const text = await files.read(path);
      const version = text === undefined ? undefined : versionFromVersionPy(text);
      if (version) return { version, from: path };
    }
  }
  return undefined;
}

/**
 * With isolation chroot the backup runs the CLIENT's borg (as root, on the
 * server, chrooted into the overlay of the client's files), so it must be in
 * the client's tree and speak the repository's format. Looked at over sftp
 * only, never run: the version comes from the python package's _version.py
 * or the entry script's pin.
 */
export async function checkClientBorg(ctx: DoctorContext, serverVersion: string | undefined): Promise<CheckResult> {
  const { host } = ctx;
  if (host.plugins.isolation !== "chroot") return passed(ID, TITLE, `not needed: isolation ${host.plugins.isolation} runs the server's borg`);
  const option = chrootBorgOption(ctx);
  const candidates = option.startsWith("/") ? [option] : CHROOT_PATH.map((dir) => `${dir}/${option}`);
  const files = new ClientFiles(ctx);
  const needsEnv = !option.startsWith("/");
  const found = await files.stat(needsEnv ? [...candidates, "/usr/bin/env"] : candidates);
  // isolation userdb records the same names with the server's borg and runs nothing of the client's (issue #10).
  const install = `set isolation: userdb for this host (the server's borg records the client's names; no client program runs; see docs/isolation.md), or install borgbackup on ${host.name} (the chroot runs the client's own borg)`;
  const path = candidates.find((c) => found.has(c));
  if (!path) return failed(ID, TITLE, `no ${option} in ${host.name}'s tree (looked for ${candidates.join(", ")})`, install);
  const { mode, size } = found.get(path)!;
  if (!mode.startsWith("-") || !/x/.test(mode)) return failed(ID, TITLE, `${path} on ${host.name} is not an executable file (${mode})`, install);
  if (needsEnv && !found.has("/usr/bin/env")) {
    return failed(ID, TITLE, `${host.name} has no /usr/bin/env, through which the chroot finds ${option} in PATH`, `set options.chroot.borg to the absolute path ${path}`);
  }
  if (size > SCRIPT_MAX_BYTES) {
    return passed(ID, TITLE, `${path} in ${host.name}'s tree (a ${size}-byte binary; its version is not read: pullbak runs nothing on the client to ask it)`);
  }
  const script = (await files.read(path)) ?? "";
  const interpreter = shebangInterpreter(script);
  if (interpreter && !(await files.stat([interpreter])).has(interpreter)) {
    return failed(ID, TITLE, `${path} on ${host.name} needs ${interpreter}, which is not there`, install);
  }
  const beside = interpreter ? await versionBeside(files, interpreter) : undefined;
  const version = beside?.version ?? versionFromEntryScript(script);
  const source = beside ? beside.from : version ? `${path}'s pin` : "";
  if (!version) return passed(ID, TITLE, `${path} in ${host.name}'s tree (version not found in its python package)`);
  if (serverVersion && majorOf(version) !== majorOf(serverVersion)) {
    return failed(ID, TITLE, `${path} on ${host.name} is borg ${version}, the server's is ${serverVersion}: they cannot share a repository`, `set isolation: userdb for this host (the server's borg, the client's names), or install borg ${majorOf(serverVersion)}.x on ${host.name}`);
  }
  const differs = serverVersion && version !== serverVersion ? `; the server's is ${serverVersion}` : "";
  return passed(ID, TITLE, `${path} in ${host.name}'s tree, borg ${version} (from ${source})${differs}`);
}
