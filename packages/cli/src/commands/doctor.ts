import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { abortOnSignals, ExecaRunner, ExitCode, PullbakError, resolveHost } from "@pullbak/core";
import { allPassed, formatCheck } from "../doctor/format-report.js";
import { runDoctor } from "../doctor/run-doctor.js";
import { printJson, printResult } from "../output.js";
import { parseCommandArgs } from "../parse-args.js";
import { loadAll, type GlobalOptions } from "../session.js";

/**
 * `doctor HOST`: checks what a backup of HOST relies on (host key, what the
 * backup key can and cannot do, the client's sshd settings, this server's
 * sshfs, FUSE and borg, the client's borg for the chroot, the repository and
 * its passphrase) and prints one line per check. Exit 0 only when all pass.
 */
export async function doctorCommand(args: string[], global: GlobalOptions): Promise<number> {
  const { values, positionals } = parseCommandArgs("doctor", args, { json: { type: "boolean" } });
  const [name, ...extra] = positionals;
  if (!name || extra.length > 0) throw new PullbakError("USAGE", "doctor: name exactly one HOST");
  const loaded = await loadAll(global);
  const host = resolveHost(loaded.config, name, loaded.file);
  const controller = new AbortController();
  const stopListening = abortOnSignals(controller);
  // mkdtemp makes it 0700: files fetched from the client land where only root can look or plant links.
  const workDir = await mkdtemp(join(tmpdir(), "pullbak-doctor-"));
  try {
    const commands = new ExecaRunner(controller.signal, (line) => {
      if (global.verbose) process.stderr.write(`${name}: ${line}\n`);
    });
    const checks = await runDoctor({ host, loaded, global, commands, workDir });
    const ok = allPassed(checks);
    if (values.json) printJson({ host: name, ok, checks });
    else printResult(checks.map(formatCheck).join("\n"));
    if (!ok) {
      const failures = checks.filter((c) => c.status !== "ok").length;
      process.stderr.write(`pullbak: doctor: ${failures} of ${checks.length} checks did not pass for ${name}\n`);
    }
    return ok ? ExitCode.ok : ExitCode.failed;
  } finally {
    stopListening();
    await rm(workDir, { recursive: true, force: true });
  }
}
