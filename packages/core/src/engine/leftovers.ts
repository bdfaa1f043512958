import { execa } from "execa";
import type { ResolvedHost } from "../config/resolve-host.js";
import type { Logger } from "../contracts/logger.js";
import { MountJournal } from "./mount-journal.js";
import { isMounted } from "./mount-table.js";
import { processAlive } from "./process-alive.js";


/**
 * Unmounts what a killed run of this host left behind, newest first. Lazy
 * unmounts, because a FUSE mount whose sshfs died answers nothing but
 * ENOTCONN and a plain umount would fail on it.
 */
export async function cleanupLeftovers(host: ResolvedHost, log: Logger): Promise<string[]> {
  const journal = MountJournal.forHost(host.stateDir, host.name);
  const done: string[] = [];
  for (const entry of (await journal.entries()).reverse()) {
    if (entry.pid !== process.pid && processAlive(entry.pid)) continue;
    if (await isMounted(entry.mountPoint)) {
      const argv = entry.kind === "sshfs" ? ["fusermount3", "-u", "-z", entry.mountPoint] : ["umount", "--lazy", entry.mountPoint];
      const result = await execa(argv[0]!, argv.slice(1), { reject: false });
      if (result.exitCode !== 0) {
        log.warn(`could not unmount leftover ${entry.mountPoint} from pid ${entry.pid}: ${String(result.stderr).trim()}`);
        continue;
      }
      log.info(`unmounted leftover ${entry.kind} mount ${entry.mountPoint} (from pid ${entry.pid}, ${entry.since})`);
      done.push(entry.mountPoint);
    }
    await journal.remove(entry.mountPoint);
  }
  return done;
}
