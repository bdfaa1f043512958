#!/usr/bin/env bash
# Backups of many small files (issue 16): pullbak through sshfs next to borg
# run locally on the same files, full and unchanged runs, in one run of the
# script so the ratios are measured under the same load.
#
#   bench/unchanged-at-scale.sh [COUNT...]      (as root; default 1000 10000)
#   bench/unchanged-at-scale.sh 1000 10000 100000
#
# Brings up its own one-host lab and, for each COUNT, writes COUNT files of
# 200 B to 2 KiB under the host's /srv/scale-COUNT (bench/make-many-files.mjs;
# not timed). Then each of three variants gets a new repository and an empty
# cache and is timed (wall clock) for
#   full run       the first backup: every file read;
#   unchanged run  the same again, nothing changed;
# in the order below (the same every time):
#   pullbak         `pullbak run lab1` with the lab's defaults (isolation
#                   chroot: sshfs, overlay, the client's borg in a chroot),
#                   sources narrowed to /srv/scale-COUNT;
#   pullbak stock   the same with options.borg.filesCacheFirst: false, i.e.
#                   borg 1.2 as installed, opening every file (the "before");
#   local borg      the server's borg on the lab host's root tree directly
#                   (no ssh, no FUSE): `borg create --files-cache ctime,size
#                   --noflags` of the same files, the floor.
# Each pullbak run checks that borg saw every file, and the unchanged runs
# that next to nothing was stored. Prints a table per COUNT: seconds, the
# ratio to local borg and the cost per file in ms (run time / COUNT).
# 100000 takes about ten minutes on 2 cores. Takes everything down however it
# ends (trap); the only host it talks to is its own lab host.
set -euo pipefail

counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(1000 10000)
for count in "${counts[@]}"; do
	[[ $count =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [COUNT...]  (COUNT: a number of files, e.g. 10000)" >&2; exit 64; }
done
repo_root=$(cd "$(dirname "$0")/.." && pwd)
cli="$repo_root/packages/cli/bin/pullbak.js"
work=$(mktemp -d /tmp/pullbak-bench-scale.XXXXXX)
lab="$work/lab"

mounts_under_work() {
	awk -v w="$work" 'index($2, w "/") == 1 { print $2 }' /proc/mounts | sort -r
}

cleanup() {
	local rc=$?
	set +e
	node "$cli" lab down --dir "$lab" >/dev/null 2>&1
	local path
	for path in $(mounts_under_work); do umount --lazy "$path" 2>/dev/null; done
	if [ -n "$(mounts_under_work)" ]; then
		echo "warning: still mounted under $work, not deleting it:" >&2
		mounts_under_work >&2
	else
		rm -rf "$work"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
	echo "FAIL: $1" >&2
	[ -z "${2:-}" ] || tail -n 20 "$2" >&2
	exit 1
}

# timed VAR CMD...: run CMD, set VAR to its wall time in seconds.
timed() {
	local -n into=$1
	shift
	sync # the previous run's repository writes are not this run's cost
	local start=$EPOCHREALTIME
	"$@"
	into=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
}

node "$cli" lab up 1 --dir "$lab" >/dev/null
root=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).hosts[0].rootDir)' "$lab/lab.json")

# write_config FILE SOURCE FILES_CACHE_FIRST: the lab's config, backing up SOURCE only. JSON is YAML.
write_config() {
	node --input-type=module -e '
		import { writeFileSync } from "node:fs";
		const { loadConfig } = await import(process.argv[1]);
		const { config } = await loadConfig(process.argv[2]);
		const options = config.defaults.options ?? {};
		options.borg = { ...(options.borg ?? {}), filesCacheFirst: process.argv[5] === "true" };
		config.defaults = { ...config.defaults, sources: [process.argv[4]], options };
		writeFileSync(process.argv[3], JSON.stringify(config, null, 2));
	' "$repo_root/packages/core/dist/index.js" "$lab/pullbak.yaml" "$1" "$2" "$3"
}

# pullbak_run CONFIG FILES MAX_NEW_BYTES
pullbak_run() {
	node "$cli" --config "$1" run lab1 --json >"$work/out" 2>"$work/err" || fail "pullbak run" "$work/err"
	node -e '
		const [r] = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		if (r.stats.files !== Number(process.argv[2]) || r.stats.deduplicatedBytes > Number(process.argv[3])) {
			console.error(`pullbak: ${r.stats.files} files, ${r.stats.deduplicatedBytes} bytes new`);
			process.exit(1);
		}
	' "$work/out" "$2" "$3" || fail "pullbak's archive is not what was asked"
}

# local_run SOURCE FILES MAX_NEW_BYTES
local_run() {
	BORG_CONFIG_DIR="$work/local/config" BORG_CACHE_DIR="$work/local/cache" BORG_PASSPHRASE_FD=3 \
		borg create --json --files-cache ctime,size --noflags "$work/local/repo::l-$EPOCHREALTIME" "$1" \
		3<"$lab/passphrase" >"$work/out" 2>"$work/err" || fail "local borg create" "$work/err"
	node -e '
		const { archive } = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		if (archive.stats.nfiles !== Number(process.argv[2]) || archive.stats.deduplicated_size > Number(process.argv[3])) {
			console.error(`local: ${archive.stats.nfiles} files, ${archive.stats.deduplicated_size} bytes new`);
			process.exit(1);
		}
	' "$work/out" "$2" "$3" || fail "the local archive is not what was asked"
}

pullbak_reset() {
	rm -rf "$lab/repos/lab1" "$lab/state/hosts/lab1/borg"
	node "$cli" --config "$1" init lab1 >"$work/out" 2>&1 || fail "pullbak init" "$work/out"
}

local_reset() {
	rm -rf "$work/local"
	mkdir -p "$work/local/config" "$work/local/cache"
	BORG_CONFIG_DIR="$work/local/config" BORG_CACHE_DIR="$work/local/cache" BORG_PASSPHRASE_FD=3 \
		borg init --encryption=repokey-blake2 "$work/local/repo" 3<"$lab/passphrase" >"$work/out" 2>&1 ||
		fail "local borg init" "$work/out"
}

declare -A full=() unchanged=()
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for count in "${counts[@]}"; do
	source="/srv/scale-$count"
	echo "writing $count files on lab1..."
	data=$(node "$repo_root/bench/make-many-files.mjs" "$root$source" "$count")
	bytes=$(node -e 'console.log(JSON.parse(process.argv[1]).bytes)' "$data")
	first_max=$((bytes * 2))
	second_max=$((1024 * 1024))
	write_config "$work/fast.yaml" "$source" true
	write_config "$work/stock.yaml" "$source" false

	pullbak_reset "$work/fast.yaml"
	timed "full[$count,pullbak]" pullbak_run "$work/fast.yaml" "$count" "$first_max"
	timed "unchanged[$count,pullbak]" pullbak_run "$work/fast.yaml" "$count" "$second_max"
	pullbak_reset "$work/stock.yaml"
	timed "full[$count,stock]" pullbak_run "$work/stock.yaml" "$count" "$first_max"
	timed "unchanged[$count,stock]" pullbak_run "$work/stock.yaml" "$count" "$second_max"
	local_reset
	timed "full[$count,local]" local_run "$root$source" "$count" "$first_max"
	timed "unchanged[$count,local]" local_run "$root$source" "$count" "$second_max"
	echo "  $count files: pullbak ${full[$count,pullbak]}/${unchanged[$count,pullbak]} s," \
		"pullbak stock ${full[$count,stock]}/${unchanged[$count,stock]} s," \
		"local borg ${full[$count,local]}/${unchanged[$count,local]} s (full/unchanged)"
	rm -rf "${root:?}$source"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo
echo "machine:  $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(uname -r)"
echo "          borg $(borg --version | cut -d' ' -f2), sshfs $(sshfs --version 2>&1 | awk '/^SSHFS version/ { print $3 }'), $(ssh -V 2>&1 | cut -d, -f1), node $(node --version)"
echo "load:     $load_before before, $load_after after (1, 5, 15 min)"
for count in "${counts[@]}"; do
	echo
	echo "$count files of 200 B to 2 KiB:"
	printf '  %-16s %22s %30s\n' "" "full run" "unchanged run"
	for variant in pullbak stock local; do
		awk -v name="$variant" -v n="$count" -v f="${full[$count,$variant]}" -v u="${unchanged[$count,$variant]}" \
			-v lf="${full[$count,local]}" -v lu="${unchanged[$count,local]}" 'BEGIN {
			label = name == "stock" ? "pullbak stock" : name == "local" ? "local borg" : name
			printf "  %-16s %7.2f s %5.1fx %5.2f ms %7.2f s %5.1fx %5.2f ms/file\n", label, f, f / lf, f * 1000 / n, u, u / lu, u * 1000 / n
		}'
	done
done
