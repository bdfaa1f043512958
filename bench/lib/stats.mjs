// Figures over rounds: the median is quoted, since the machine's load moves
// single runs around (docs/benchmarks.md).

/** The median of NUMBERS (the mean of the middle two for an even count); NaN for none. */
export function median(numbers) {
	const sorted = numbers.filter((n) => Number.isFinite(n)).sort((a, b) => a - b);
	if (sorted.length === 0) return Number.NaN;
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
