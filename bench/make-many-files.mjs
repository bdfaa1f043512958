// Writes COUNT small files under DIR, the data set `pnpm bench` uses
// (bench/lib/many-files.mjs), for measuring by hand.
//
//   node bench/make-many-files.mjs DIR COUNT
//
// Prints {"files":N,"bytes":N,"dirs":N} on stdout.
import { writeManyFiles } from "./lib/many-files.mjs";

const [dir, countArg] = process.argv.slice(2);
const count = Number(countArg);
if (!dir || !Number.isInteger(count) || count <= 0) {
	console.error("usage: node make-many-files.mjs DIR COUNT");
	process.exit(64);
}
console.log(JSON.stringify(writeManyFiles(dir, count)));
