import { readFile, stat } from "node:fs/promises";
import { failed, passed, type CheckResult } from "./check-result.js";
import type { DoctorContext } from "./doctor-context.js";

const ID = "fuse";
const TITLE = "FUSE";

/** sshfs needs the kernel's fuse file system, /dev/fuse, and fusermount3 to unmount. */
export async function checkFuse(ctx: DoctorContext): Promise<CheckResult> {
  const problems: string[] = [];
  const device = await stat("/dev/fuse").catch(() => undefined);
  if (!device?.isCharacterDevice()) problems.push("/dev/fuse is missing");
  const filesystems = await readFile("/proc/filesystems", "utf8").catch(() => "");
  if (!/\sfuse$/m.test(filesystems)) problems.push("the kernel has no fuse file system (modprobe fuse)");
  const fusermount = await ctx.commands.run({ argv: ["fusermount3", "--version"] }, { probe: true });
  const version = /version:?\s*(\S+)/.exec(`${fusermount.stdout}\n${fusermount.stderr}`)?.[1];
  if (fusermount.exitCode !== 0 || !version) problems.push("fusermount3 is not installed");
  if (problems.length > 0) return failed(ID, TITLE, problems.join("; "), "apt install fuse3 and modprobe fuse (inside a container, pass /dev/fuse through)");
  return passed(ID, TITLE, `/dev/fuse, fuse in the kernel, fusermount3 ${version}`);
}
