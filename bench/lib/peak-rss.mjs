// Loaded into pullbak's node with `--import` by bench/lib/pullbak-command.mjs:
// at exit, writes the process's own peak resident set (bytes, getrusage's
// ru_maxrss) to the file named by PULLBAK_BENCH_PEAK_RSS_FILE. Only the node
// process, not borg, sshfs or ssh under it: "pullbak's peak memory".
import { writeFileSync } from "node:fs";

const file = process.env.PULLBAK_BENCH_PEAK_RSS_FILE;
if (file) {
	// Not for pullbak's children: borg and sshfs are not node, but a node child must not overwrite it.
	delete process.env.PULLBAK_BENCH_PEAK_RSS_FILE;
	process.on("exit", () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
}
