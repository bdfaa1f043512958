#!/usr/bin/env bash
# Peak memory of pullbak during a tar-restore of a large archive (issue 5:
# a 2 GiB restore must stay under 150 MB RSS for pullbak).
#
#   bench/tar-restore-memory.sh [SIZE_MIB]      (as root; default 2048)
#
# Brings up its own one-host lab, writes SIZE_MIB of random data (so the
# archive is as big as the data) on the host, backs it up, deletes it,
# restores it with `pullbak restore --plugin tar-restore`, checks the bytes
# came back, and prints:
#   - VmHWM of the pullbak node process (its own peak RSS: the figure that
#     counts), polled from /proc/PID/status while it runs;
#   - GNU time's "Maximum resident set size" for the same run, which is the
#     largest of node, borg and ssh (wait4 folds in waited-for children).
# Takes the lab down again however it ends.
set -euo pipefail

size_mib=${1:-2048}
limit_kib=$((150 * 1024))
repo_root=$(cd "$(dirname "$0")/.." && pwd)
cli="$repo_root/packages/cli/bin/pullbak.js"
work=$(mktemp -d /var/tmp/pullbak-bench.XXXXXX)
lab="$work/lab"

cleanup() {
	node "$cli" lab down --dir "$lab" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

node "$cli" lab up 1 --dir "$lab" >/dev/null
root=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).hosts[0].rootDir)' "$lab/lab.json")

# The lab's config, backing up only the bench data. JSON is YAML.
config="$work/bench.yaml"
node --input-type=module -e '
	import { writeFileSync } from "node:fs";
	const { loadConfig } = await import(process.argv[1]);
	const { config } = await loadConfig(process.argv[2]);
	config.defaults = { ...config.defaults, sources: ["/srv/bench"] };
	writeFileSync(process.argv[3], JSON.stringify(config, null, 2));
' "$repo_root/packages/core/dist/index.js" "$lab/pullbak.yaml" "$config"

mkdir -p "$root/srv/bench"
echo "writing ${size_mib} MiB of random data on lab1..."
head -c $((size_mib * 1024 * 1024)) /dev/urandom >"$root/srv/bench/blob"
want=$(sha256sum "$root/srv/bench/blob" | cut -d' ' -f1)

echo "backing up..."
node "$cli" --config "$config" init lab1 >/dev/null
start=$(date +%s)
node "$cli" --config "$config" run lab1 >/dev/null
echo "backup took $(($(date +%s) - start)) s"
rm "$root/srv/bench/blob"

echo "restoring with tar-restore..."
timing="$work/time.txt"
start=$(date +%s.%N)
/usr/bin/time -v -o "$timing" node "$cli" --config "$config" restore lab1 --archive latest --plugin tar-restore >/dev/null &
time_pid=$!
node_pid=""
peak_kib=0
while kill -0 "$time_pid" 2>/dev/null; do
	[ -n "$node_pid" ] || node_pid=$(pgrep -P "$time_pid" -x node || true)
	if [ -n "$node_pid" ]; then
		hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$node_pid/status" 2>/dev/null || true)
		if [ -n "$hwm" ]; then peak_kib=$hwm; fi
	fi
	sleep 0.1
done
wait "$time_pid"
seconds=$(echo "$(date +%s.%N) - $start" | bc)

got=$(sha256sum "$root/srv/bench/blob" | cut -d' ' -f1)
[ "$got" = "$want" ] || { echo "FAIL: restored bytes differ"; exit 1; }

tree_kib=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$timing")
echo "restored ${size_mib} MiB in ${seconds%.*} s, bytes equal"
echo "pullbak (node) peak RSS, VmHWM: $((peak_kib / 1024)) MiB (${peak_kib} KiB)"
echo "largest process of the run (node, borg or ssh), GNU time: $((tree_kib / 1024)) MiB"
if [ "$peak_kib" -eq 0 ] || [ "$peak_kib" -ge "$limit_kib" ]; then
	echo "FAIL: pullbak's peak RSS is not under 150 MiB"
	exit 1
fi
echo "OK: under 150 MiB"
