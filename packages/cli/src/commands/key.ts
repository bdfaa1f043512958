import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { exportKey, PullbakError } from "@pullbak/core";
import { printResult } from "../output.js";
import { parseCommandArgs } from "../parse-args.js";
import { loadAll, withHostSession, type GlobalOptions } from "../session.js";

/** Writes the key to a new file, mode 0600; an existing file or a link there is refused, never overwritten. */
async function writeNewFile(file: string, text: string): Promise<void> {
  let handle;
  try {
    handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PullbakError("USAGE", `key export: cannot create ${file}: ${code === "EEXIST" ? "it exists (pullbak never overwrites a key backup; remove it or name another file)" : (error as Error).message}`);
  }
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** `key export HOST [FILE] [--paper]`: the repository key, for a copy kept off the server (issue 12). */
export async function keyCommand(args: string[], global: GlobalOptions): Promise<number> {
  const { values, positionals } = parseCommandArgs("key", args, { paper: { type: "boolean" } });
  const [sub, name, file, ...extra] = positionals;
  if (sub !== "export") throw new PullbakError("USAGE", `key: expected "key export HOST [FILE] [--paper]"${sub ? `, found "key ${sub}"` : ""}`);
  if (!name || extra.length > 0) throw new PullbakError("USAGE", "key export: name one HOST and at most one FILE");
  const loaded = await loadAll(global);
  await withHostSession(loaded, name, global, async ({ job, container }) => {
    const key = await exportKey(container, job, { paper: values.paper ?? false });
    if (file === undefined || file === "-") {
      process.stdout.write(key);
      return;
    }
    await writeNewFile(file, key);
    printResult(`${name}: key written to ${file}; keep it off this server, apart from the passphrase (docs/upkeep.md)`);
  });
  return 0;
}
