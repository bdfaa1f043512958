import { readFile } from "node:fs/promises";

/** Mount points in this process's mount namespace; /proc/self/mountinfo escapes spaces as \040. */
export async function mountPoints(): Promise<string[]> {
  const text = await readFile("/proc/self/mountinfo", "utf8");
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => (line.split(" ")[4] ?? "").replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))));
}

export async function isMounted(path: string): Promise<boolean> {
  return (await mountPoints()).includes(path);
}
