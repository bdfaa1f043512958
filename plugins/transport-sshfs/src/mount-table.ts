import { readFile } from "node:fs/promises";

/** `\040` and friends: how /proc/self/mountinfo spells space, tab, newline and backslash. */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/** Mount points in this process's mount namespace, in mount order (a path may appear more than once). */
export function parseMountPoints(mountinfo: string): string[] {
  return mountinfo
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => unescapeMountField(line.split(" ")[4] ?? ""));
}

/** How many mounts sit on `path` (stacked mounts count once each). Reading the table has no side effect. */
export async function mountsAt(path: string, mountinfoFile = "/proc/self/mountinfo"): Promise<number> {
  const points = parseMountPoints(await readFile(mountinfoFile, "utf8"));
  return points.filter((point) => point === path).length;
}
