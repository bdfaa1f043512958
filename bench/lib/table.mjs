// Tables as Markdown, so that what `pnpm bench` prints can be pasted into
// docs/performance.md as it is.

/**
 * A Markdown table: HEADER is the column titles, ROWS the cells (strings).
 * Columns whose title ends with a space-free unit hint are right-aligned when
 * every cell in them looks like a number.
 */
export function markdownTable(header, rows) {
	const numeric = header.map((_, c) => rows.length > 0 && rows.every((row) => /^[-~]?[\d.,]+|^n\/a$|^-$/.test(row[c] ?? "")));
	const width = header.map((title, c) => Math.max(title.length, 3, ...rows.map((row) => (row[c] ?? "").length)));
	const line = (cells) =>
		`| ${cells.map((cell, c) => (numeric[c] ? cell.padStart(width[c]) : cell.padEnd(width[c]))).join(" | ")} |`;
	const rule = `|${width.map((w, c) => (numeric[c] ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
	return [line(header), rule, ...rows.map((row) => line(row.map((cell) => cell ?? "")))].join("\n");
}

/** Seconds with two decimals, "-" when not measured. */
export const seconds = (s) => (Number.isFinite(s) ? `${s.toFixed(2)} s` : "-");
/** A ratio A/B as "1.7x", "-" when either is missing. */
export const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(1)}x` : "-");
/** Bytes as MiB with one decimal (KiB below one MiB), "-" when not measured. */
export const mebibytes = (bytes) =>
	!Number.isFinite(bytes) ? "-" : bytes < 1048576 ? `${(bytes / 1024).toFixed(0)} KiB` : `${(bytes / 1048576).toFixed(1)} MiB`;
/** Milliseconds per file from a run's seconds and the number of files. */
export const perFile = (s, files) => (Number.isFinite(s) ? `${((s * 1000) / files).toFixed(2)} ms` : "-");
