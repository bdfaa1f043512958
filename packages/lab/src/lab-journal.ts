import { appendFile, readFile } from "node:fs/promises";
import { hasErrnoCode } from "./errno.js";

/**
 * What `labUp` made, appended *before* it makes each thing, so that a `labUp`
 * killed at any point leaves enough behind for `labDown` to undo it. Each
 * entry names a slot: every network name derives from it (slot-network.ts).
 * A slot claim is not journaled ahead because its number is only known once
 * claimed, and the claim (a symlink to the lab dir) records its owner itself.
 */
export type JournalEntry =
  | { made: "slot"; slot: number; host: string }
  | { made: "network"; slot: number; host: string }
  | { made: "root-tree"; slot: number; host: string; path: string }
  | { made: "sshd"; slot: number; host: string };

export async function journal(path: string, entry: JournalEntry): Promise<void> {
  // One short line per O_APPEND write: entries from hosts started in parallel
  // do not interleave.
  await appendFile(path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
}

/** Entries in order; a line cut short by a crash mid-write is skipped. */
export async function readJournal(path: string): Promise<JournalEntry[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (hasErrnoCode(error, "ENOENT")) return [];
    throw error;
  }
  const entries: JournalEntry[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      entries.push(JSON.parse(line) as JournalEntry);
    } catch {
      // A torn last line: what it announced was not made yet.
    }
  }
  return entries;
}

/** The slots a journal mentions, each once. */
export function journaledSlots(entries: JournalEntry[]): number[] {
  return [...new Set(entries.map((entry) => entry.slot))].filter((slot) => Number.isInteger(slot));
}
