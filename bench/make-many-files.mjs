// Writes the data set of bench/unchanged-at-scale.sh (issue 16): COUNT small
// files, the same bytes, names and times on every run.
//
//   node bench/make-many-files.mjs DIR COUNT
//
// Each file holds 200 B to 2 KiB of word-like text (uniform in size), a
// hundred to a directory, ten directories to a parent: the shape of a mail
// spool, a source tree or /usr/share/doc, where a backup's cost is per file,
// not per byte. mtimes are spread over 30 days, each file its own second,
// years in the past: borg leaves the files with the newest timestamp of a run
// out of its files cache, so equal times would make an "unchanged" run read
// them all again. Prints {"files":N,"bytes":N,"dirs":N} on stdout.
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync, utimesSync } from "node:fs";
import { join } from "node:path";

const [dir, countArg] = process.argv.slice(2);
const count = Number(countArg);
if (!dir || !Number.isInteger(count) || count <= 0) {
	console.error("usage: node make-many-files.mjs DIR COUNT");
	process.exit(64);
}

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

let bytes = 0;
const dirs = new Set();
for (let i = 0; i < count; i++) {
	const leaf = Math.floor(i / filesPerDir);
	const sub = join(dir, `p${String(Math.floor(leaf / dirsPerParent)).padStart(4, "0")}`, `d${leaf % dirsPerParent}`);
	if (!dirs.has(sub)) {
		mkdirSync(sub, { recursive: true });
		dirs.add(sub);
	}
	const n = noise(i);
	const size = 200 + (n.readUInt32BE(0) % 1849);
	const path = join(sub, `f${String(i).padStart(6, "0")}.txt`);
	writeFileSync(path, text(i, size), { mode: 0o644 });
	// Distinct seconds spread over the month, in an order unrelated to the names.
	const mtime = firstMtime + Math.floor((i * 2654435761) % spreadSeconds / count) * count + (i % count);
	utimesSync(path, mtime, mtime);
	bytes += size;
}

console.log(JSON.stringify({ files: count, bytes, dirs: dirs.size }));
