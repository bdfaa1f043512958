import type { PruneDecision } from "@pullbak/core";

/** An archive as `borg list --consider-checkpoints --json` reports it. */
export interface ListedArchive {
  name: string;
  id: string;
  /** ISO 8601, UTC. */
  start: string;
}

/** The fate of one archive in one line of `borg prune --list` (borg 1.2: `Keeping archive (rule: daily #1): NAME DATE [ID]`). */
function lineVerdict(message: string): Pick<PruneDecision, "verdict" | "rule"> | undefined {
  const kept = /^Keeping archive \(rule: ([^)]+)\):/.exec(message);
  if (kept) return { verdict: "keep", rule: kept[1]! };
  if (message.startsWith("Keeping checkpoint archive:")) return { verdict: "keep", rule: "checkpoint" };
  if (message.startsWith("Would prune:") || message.startsWith("Pruning archive")) return { verdict: "prune" };
  return undefined;
}

/**
 * Every archive with its fate, newest first. borg names the archives it
 * considered by id at the end of each line; an archive it did not name was
 * outside the host's pattern: kept, as `incomplete` when pullbak set it
 * aside, else `outside`.
 */
export function pruneDecisions(archives: readonly ListedArchive[], listLines: readonly string[]): PruneDecision[] {
  const byId = new Map<string, Pick<PruneDecision, "verdict" | "rule">>();
  for (const line of listLines) {
    const id = /\[([0-9a-f]{64})\]\s*$/.exec(line)?.[1];
    const verdict = lineVerdict(line);
    if (id && verdict) byId.set(id, verdict);
  }
  return [...archives]
    .sort((a, b) => b.start.localeCompare(a.start))
    .map((archive) => {
      const verdict = byId.get(archive.id) ?? { verdict: "keep" as const, rule: /\.incomplete\.checkpoint(\.\d+)?$/.test(archive.name) ? "incomplete" : "outside" };
      return { archive: archive.name, start: archive.start, ...verdict };
    });
}
