import { basename } from "node:path";

/**
 * How to spell this pullbak in a hint the user may paste: `pullbak` when it
 * runs as an installed command of that name, else `node <script>` (a
 * checkout, or `pnpm exec pullbak`, whose shim runs node on the script), so
 * the hint works where `pullbak` is not on PATH.
 */
export function invokedAs(script: string | undefined = process.argv[1]): string {
  return script && basename(script) !== "pullbak" ? `node ${script}` : "pullbak";
}
