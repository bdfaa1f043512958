// The data set of `pnpm bench` (issues 14 and 16): COUNT small files, the same
// bytes, names and times on every run, and the "1 % of the files changed" step.
//
// Each file holds 200 B to 2 KiB of word-like text (uniform in size), a
// hundred to a directory, ten directories to a parent: the shape of a mail
// spool, a source tree or /usr/share/doc, where a backup's cost is per file,
// not per byte. mtimes are spread over 30 days, each file its own second,
// years in the past: borg leaves the files with the newest timestamp of a run
// out of its files cache, so equal times would make an "unchanged" run read
// them all again.
import { createHash } from "node:crypto";
import { appendFileSync, mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const filesPerDir = 100;
const dirsPerParent = 10;
const firstMtime = Date.UTC(2024, 0, 1) / 1000;
const spreadSeconds = 30 * 86400;
const words = (
	"the of and to in is that for it as with was on be by at this from or an are not have which " +
	"server client backup archive config user group root home data file path mount borg sshfs " +
	"error warning info debug start stop ok true false null value name host port key list"
).split(" ");

// Deterministic: a file's bytes depend only on its index.
function noise(index) {
	return createHash("sha512").update(`pullbak-many-${index}`).digest();
}

function text(index, length) {
	const n = noise(index);
	let out = `# file ${index}\n`;
	for (let i = 0; out.length < length; i++) {
		out += words[(n[i % n.length] + i) % words.length];
		out += (n[(i * 7 + 3) % n.length] + i) % 11 === 0 ? "\n" : " ";
	}
	return out.slice(0, length);
}

/** The directory of file INDEX under DIR. */
function dirOf(dir, index) {
	const leaf = Math.floor(index / filesPerDir);
	return join(dir, `p${String(Math.floor(leaf / dirsPerParent)).padStart(4, "0")}`, `d${leaf % dirsPerParent}`);
}

/** The path of file INDEX under DIR. */
export function manyFilePath(dir, index) {
	return join(dirOf(dir, index), `f${String(index).padStart(6, "0")}.txt`);
}

/**
 * Writes COUNT files under DIR (made if missing).
 * @returns {{ files: number, bytes: number, dirs: number }} bytes: the files' total size in bytes
 */
export function writeManyFiles(dir, count) {
	let bytes = 0;
	const dirs = new Set();
	for (let i = 0; i < count; i++) {
		const sub = dirOf(dir, i);
		if (!dirs.has(sub)) {
			mkdirSync(sub, { recursive: true });
			dirs.add(sub);
		}
		const size = 200 + (noise(i).readUInt32BE(0) % 1849);
		const path = manyFilePath(dir, i);
		writeFileSync(path, text(i, size), { mode: 0o644 });
		// Distinct seconds spread over the month, in an order unrelated to the names.
		const mtime = firstMtime + Math.floor(((i * 2654435761) % spreadSeconds) / count) * count + (i % count);
		utimesSync(path, mtime, mtime);
		bytes += size;
	}
	return { files: count, bytes, dirs: dirs.size };
}

/**
 * Changes 1 % of the COUNT files under DIR (at least one): each gets a line
 * appended (a new size) and a new mtime, still in the past and distinct, as a
 * day's edits would. SALT (a small integer) picks which 1 % and makes the
 * change new each time, so repeated calls keep changing files.
 * @returns the number of files changed
 */
export function changeOnePercent(dir, count, salt) {
	let changed = 0;
	const step = Math.max(1, Math.floor(count / Math.max(1, Math.round(count / 100))));
	for (let i = salt % step; i < count; i += step) {
		appendFileSync(manyFilePath(dir, i), `changed ${salt}\n`);
		const mtime = firstMtime + spreadSeconds + 86400 + salt * count + i;
		utimesSync(manyFilePath(dir, i), mtime, mtime);
		changed++;
	}
	return changed;
}
