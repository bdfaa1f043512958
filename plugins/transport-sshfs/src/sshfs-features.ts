import type { Job } from "@pullbak/core";

export interface SshfsFeatures {
  /**
   * sshfs 3.7.3-1.2~deb12u1 and upstream 3.7.6+ refuse absolute symlinks
   * unless told `no_contain_symlinks`; borg would then record no target and
   * a chroot could not load its dynamic loader.
   */
  noContainSymlinks: boolean;
}

export function parseSshfsHelp(help: string): SshfsFeatures {
  return { noContainSymlinks: /\bno_contain_symlinks\b/.test(help) };
}

/** `sshfs --help` is read-only, so it runs under --dry-run too and the plan shows the real options. */
export async function probeSshfs(job: Job): Promise<SshfsFeatures> {
  const result = await job.commands.run({ argv: ["sshfs", "--help"] }, { probe: true });
  return parseSshfsHelp(`${result.stdout}\n${result.stderr}`);
}
