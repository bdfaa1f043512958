import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { checkNames, type CheckName } from "../config/schema.js";
import { readRegularFile, writeFileAtomically } from "../files/regular-file.js";

/** When each check last passed, as kept in `<hostStateDir>/checks.json` (issue 12). */
export type CheckState = Partial<Record<CheckName, Date>>;

/** The file is a few hundred bytes; anything larger is not ours. */
const MAX_STATE_BYTES = 64 * 1024;

export function checkStateFile(hostStateDir: string): string {
  return join(hostStateDir, "checks.json");
}

/**
 * Reads when each check last passed. A missing, unreadable or foreign file
 * (a link, a FIFO, bad JSON) reads as "never": the checks run, which is the
 * safe side. Opened without following links.
 */
export async function readCheckState(hostStateDir: string): Promise<CheckState> {
  const text = await readRegularFile(checkStateFile(hostStateDir), "the check state", MAX_STATE_BYTES).catch(() => undefined);
  if (text === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  const lastRun = (parsed as { lastRun?: Record<string, unknown> } | null)?.lastRun ?? {};
  const state: CheckState = {};
  for (const name of checkNames) {
    const value = lastRun[name];
    const date = typeof value === "string" ? new Date(value) : undefined;
    if (date && !Number.isNaN(date.getTime())) state[name] = date;
  }
  return state;
}

/** Writes the state atomically, mode 0600, never through a link. */
export async function writeCheckState(hostStateDir: string, state: CheckState): Promise<void> {
  await mkdir(hostStateDir, { recursive: true, mode: 0o700 });
  const lastRun = Object.fromEntries(Object.entries(state).map(([name, date]) => [name, date.toISOString()]));
  await writeFileAtomically(checkStateFile(hostStateDir), `${JSON.stringify({ version: 1, lastRun }, null, 2)}\n`);
}
