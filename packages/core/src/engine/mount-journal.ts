import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { readRegularFile, writeFileAtomically } from "../files/regular-file.js";

export interface JournalEntry {
  mountPoint: string;
  kind: string;
  /** The pullbak process that made it; a dead pid marks a leftover. */
  pid: number;
  since: string;
  /**
   * The process whose mount namespace holds the mount (issue #10: a run's
   * mounts live in a namespace of its own), named by pid and start time
   * (see process-identity.ts). Ending it makes the namespace and its mounts
   * vanish; absent for a mount made in the server's own namespace.
   */
  holder?: MountHolder;
}

/** A process that holds a run's mount namespace. */
export interface MountHolder {
  pid: number;
  /** Field 22 of /proc/PID/stat. */
  startTime: string;
}

/**
 * Mounts a run makes, written down before each mount is made: after a
 * SIGKILL or a crash, `pullbak cleanup` (or the host's next run) reads this
 * to find what to unmount.
 */
export class MountJournal {
  constructor(private readonly file: string) {}

  static forHost(stateDir: string, host: string): MountJournal {
    return new MountJournal(join(stateDir, "journal", `${host}.json`));
  }

  async entries(): Promise<JournalEntry[]> {
    // Never through a link, never blocked on a FIFO (issue #10); a refused file stops the command with one line.
    const text = await readRegularFile(this.file, "the mount journal");
    return text === undefined ? [] : (JSON.parse(text) as JournalEntry[]);
  }

  async add(mountPoint: string, kind: string, holder?: MountHolder): Promise<void> {
    const entries = (await this.entries()).filter((e) => e.mountPoint !== mountPoint);
    entries.push({ mountPoint, kind, pid: process.pid, since: new Date().toISOString(), ...(holder ? { holder } : {}) });
    await this.#write(entries);
  }

  async remove(mountPoint: string): Promise<void> {
    await this.#write((await this.entries()).filter((e) => e.mountPoint !== mountPoint));
  }

  async #write(entries: JournalEntry[]): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    await writeFileAtomically(this.file, JSON.stringify(entries, null, 2));
  }
}
