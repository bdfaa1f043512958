import { failed, passed, type CheckResult } from "./check-result.js";
import type { DoctorContext } from "./doctor-context.js";

const ID = "sshfs";
const TITLE = "sshfs";

/**
 * sshfs is installed, and absolute symlinks reach borg as links: sshfs 3.7.3
 * (Debian 12 update) and 3.7.6+ reject them unless told `no_contain_symlinks`,
 * which pullbak passes when sshfs knows it. An sshfs with `contain_symlinks`
 * but no way to turn it off would make every absolute link vanish from the
 * archive.
 */
export async function checkSshfs(ctx: DoctorContext): Promise<CheckResult> {
  const version = await ctx.commands.run({ argv: ["sshfs", "--version"] }, { probe: true });
  const said = `${version.stdout}\n${version.stderr}`;
  const found = /SSHFS version (\S+)/.exec(said)?.[1];
  if (version.exitCode !== 0 || !found) {
    return failed(ID, TITLE, "sshfs is not installed (or does not run)", "apt install sshfs (Debian), or your distribution's sshfs package");
  }
  const help = await ctx.commands.run({ argv: ["sshfs", "--help"] }, { probe: true });
  const options = `${help.stdout}\n${help.stderr}`;
  if (/\bno_contain_symlinks\b/.test(options)) return passed(ID, TITLE, `sshfs ${found}; supports no_contain_symlinks (absolute symlinks are archived as links)`);
  if (/\bcontain_symlinks\b/.test(options)) {
    return failed(ID, TITLE, `sshfs ${found} has contain_symlinks but no no_contain_symlinks: absolute symlinks would be dropped`, "install an sshfs that accepts -o no_contain_symlinks (3.7.3-1.2~deb12u1, or 3.7.6 and later)");
  }
  return passed(ID, TITLE, `sshfs ${found}; has no contain_symlinks option (absolute symlinks pass through as they are)`);
}
