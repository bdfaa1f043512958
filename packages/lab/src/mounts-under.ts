import { readFile } from "node:fs/promises";
import { execa } from "execa";

/**
 * Mount points at or below `dir` in this process's mount namespace, deepest
 * first. A lab host's own mounts never show here (they live in its private
 * namespace), but a test or a pullbak run may have left an sshfs mount or a
 * bind under the lab dir; deleting the dir must not descend into those.
 */
export async function mountsUnder(dir: string): Promise<string[]> {
  const text = await readFile("/proc/self/mountinfo", "utf8");
  const points = text
    .split("\n")
    .map((line) => line.split(" ")[4])
    .filter((field): field is string => field !== undefined)
    .map(unescapeMountField)
    .filter((point) => point === dir || point.startsWith(`${dir}/`));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

/** Unmounts everything under `dir`; lazily if a mount is busy, so teardown never hangs. */
export async function unmountAllUnder(dir: string): Promise<string[]> {
  const unmounted: string[] = [];
  for (const point of await mountsUnder(dir)) {
    const plain = await execa("umount", ["--", point], { reject: false });
    if (plain.exitCode !== 0) await execa("umount", ["--lazy", "--", point]);
    unmounted.push(point);
  }
  return unmounted;
}

/** mountinfo escapes space, tab, newline and backslash as octal `\ooo`. */
export function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}
