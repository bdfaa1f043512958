// Writes the data set bench/issue-10-gate.sh backs up (first written for the
// old backup-vs-by-hand.sh): the same bytes, names and times on every run.
//
//   node bench/make-backup-data.mjs DIR SIZE_MIB
//
// A quarter of SIZE_MIB goes into small files (512 B to 32 KiB, log-uniform,
// three in four word-like text, one in four random bytes) spread over nested
// directories, about fifty to a directory: the per-file cost of a backup
// (a stat, an open, a read and a close over SFTP for each). The rest goes into
// a few random 48 MiB files: the per-byte cost (reading, chunking, hashing,
// encrypting). Prints {"files":N,"bytes":N,"dirs":N} on stdout.
//
// Every file gets its own mtime, one minute apart, years in the past: borg
// leaves the files with the newest timestamp of a run out of its files cache
// (they could still change within that second), so equal times would make the
// second "unchanged" run read every file again. The newest is a small file.
import { createCipheriv } from "node:crypto";
import { mkdirSync, openSync, writeSync, closeSync, utimesSync } from "node:fs";
import { join } from "node:path";

const [dir, sizeArg] = process.argv.slice(2);
const sizeMib = Number(sizeArg);
if (!dir || !Number.isFinite(sizeMib) || sizeMib <= 0) {
	console.error("usage: node make-backup-data.mjs DIR SIZE_MIB");
	process.exit(64);
}

const MiB = 1024 * 1024;
const total = Math.round(sizeMib * MiB);
const smallBudget = Math.round(total / 4);
const largeSize = 48 * MiB;
const filesPerDir = 50;
const firstMtime = Date.UTC(2024, 0, 1) / 1000;
const key = Buffer.from("pullbak-bench-v1");

// Deterministic pseudo-random bytes: the AES-128-CTR keystream of a fixed key,
// one stream per (kind, index), so a file's bytes depend on nothing else.
function keystream(kind, index) {
	const iv = Buffer.alloc(16);
	iv.writeUInt32BE(kind, 0);
	iv.writeUInt32BE(index, 4);
	return createCipheriv("aes-128-ctr", key, iv);
}

function randomBytes(kind, index, length) {
	return keystream(kind, index).update(Buffer.alloc(length));
}

const words = (
	"the of and to in is that for it as with was on be by at this from or an are not have which " +
	"server client backup archive config user group root home data file path mount borg sshfs " +
	"error warning info debug start stop ok true false null value name host port key list"
).split(" ");

// Text that compresses about as well as logs or source files do.
function textBytes(index, length) {
	const noise = randomBytes(1, index, length);
	let text = `# file ${index}\n`;
	for (let i = 0; text.length < length; i++) {
		text += words[noise[i % length] % words.length];
		text += noise[(i * 7 + 3) % length] % 9 === 0 ? "\n" : " ";
	}
	return Buffer.from(text.slice(0, length));
}

function writeFile(path, bytes, mtime) {
	const fd = openSync(path, "w", 0o644);
	try {
		writeSync(fd, bytes);
	} finally {
		closeSync(fd);
	}
	utimesSync(path, mtime, mtime);
}

let files = 0;
let bytes = 0;
const dirs = new Set();
const nextMtime = () => firstMtime + files * 60;

// Small files: tree/dNN/sN/fNNNNN.{txt,bin}
const sizes = randomBytes(0, 0, 4 * Math.ceil(smallBudget / 512) + 4);
for (let i = 0; bytes < smallBudget; i++) {
	const fraction = sizes.readUInt32BE(i * 4) / 2 ** 32;
	const size = Math.min(Math.round(512 * 64 ** fraction), smallBudget - bytes);
	const leaf = Math.floor(i / filesPerDir);
	const sub = join(dir, "tree", `d${String(Math.floor(leaf / 8)).padStart(2, "0")}`, `s${leaf % 8}`);
	if (!dirs.has(sub)) {
		mkdirSync(sub, { recursive: true });
		dirs.add(sub);
	}
	const binary = i % 4 === 3;
	const name = `f${String(i).padStart(5, "0")}.${binary ? "bin" : "txt"}`;
	writeFile(join(sub, name), binary ? randomBytes(2, i, size) : textBytes(i, size), nextMtime());
	files++;
	bytes += size;
}

// Large files: large/blobN.img, random (already compressed media, images, tarballs).
const largeDir = join(dir, "large");
mkdirSync(largeDir, { recursive: true });
for (let i = 0; bytes < total; i++) {
	const size = Math.min(largeSize, total - bytes);
	const path = join(largeDir, `blob${i}.img`);
	const fd = openSync(path, "w", 0o644);
	try {
		// 8 MiB at a time: the whole file never sits in memory.
		const stream = keystream(3, i);
		for (let done = 0; done < size; done += 8 * MiB) {
			writeSync(fd, stream.update(Buffer.alloc(Math.min(8 * MiB, size - done))));
		}
	} finally {
		closeSync(fd);
	}
	// Older than every small file: the newest file, which borg reads again on
	// every run, is then a small one, as on a real server (a log, a spool file).
	const mtime = firstMtime - (i + 1) * 86400;
	utimesSync(path, mtime, mtime);
	files++;
	bytes += size;
}

console.log(JSON.stringify({ files, bytes, dirs: dirs.size + 1 }));
