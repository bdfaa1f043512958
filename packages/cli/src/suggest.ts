import { closest, distance } from "fastest-levenshtein";

/**
 * The known word nearest to a misspelt one, when it is near enough to be
 * what was meant (at most 2 edits, or a third of the word): `rn` -> `run`,
 * `--jbos` -> `--jobs`; nothing for a word that resembles none.
 */
export function suggest(word: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const best = closest(word, [...known]);
  return distance(word, best) <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** ` (did you mean "run"?)`, or "". */
export function didYouMean(word: string, known: readonly string[]): string {
  const best = suggest(word, known);
  return best === undefined ? "" : ` (did you mean "${best}"?)`;
}
