import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Replaces `file` with `text` so that a reader (node_exporter scraping the
 * textfile directory) sees the old file or the new one, never half of one:
 * a hidden temp file in the same directory (node_exporter reads `*.prom`
 * only), created with O_EXCL|O_NOFOLLOW (nothing is written through a
 * planted link), fsynced, then renamed over the target. rename(2) replaces
 * a link at `file` itself rather than following it.
 * @param mode permission bits of the new file (0644: node_exporter runs as another user)
 */
export async function writeFileAtomically(file: string, text: string, mode = 0o644): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
  try {
    await handle.writeFile(text);
    await handle.chmod(mode);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
