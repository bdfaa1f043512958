#!/usr/bin/env bash
# A fleet run of 8 lab hosts with --jobs 1, 2 and 4: wall time, the ratio to
# --jobs 1, and pullbak's peak memory for the whole run (issue #11).
#
#   bench/fleet-jobs.sh [SIZE_MIB] [ROUNDS]      (as root; defaults 8 and 1)
#
# Brings up its own 8-host lab, writes SIZE_MIB of random data under each
# host's /srv/bench (the config backs up only that), then for each round and
# each N in 1 2 4 (the order rotating between rounds): empty repositories
# (made by `pullbak init` once, then copied; not timed) and a new state dir
# for all 8 hosts, then one timed
#   pullbak run --all --jobs N
# a first backup of every host (every file read, sshfs mounted and torn
# down, the client's borg started in its chroot), as a nightly run does.
#
# Memory: VmHWM of the pullbak node process (its own peak RSS over the whole
# fleet run), and the peak of the summed RSS of pullbak and every process
# under it (sshfs, ssh, borg...), sampled every 0.2 s.
#
# Prints, per N, the median wall time, its ratio to --jobs 1 and the memory
# figures. Takes everything down again however it ends (trap). The only hosts
# it talks to are its own lab hosts.
set -euo pipefail

size_mib=${1:-8}
rounds=${2:-1}
repo_root=$(cd "$(dirname "$0")/.." && pwd)
cli="$repo_root/packages/cli/bin/pullbak.js"
work=$(mktemp -d /var/tmp/pullbak-bench-fleet.XXXXXX)
lab="$work/lab"
hosts=8

cleanup() {
	node "$cli" lab down --dir "$lab" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

node "$cli" lab up "$hosts" --dir "$lab" >/dev/null
mapfile -t roots < <(node -e 'for (const h of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).hosts) console.log(h.rootDir)' "$lab/lab.json")
for root in "${roots[@]}"; do
	mkdir -p "$root/srv/bench"
	head -c $((size_mib * 1024 * 1024)) /dev/urandom >"$root/srv/bench/blob"
	echo "motd of $(basename "$root")" >"$root/srv/bench/motd"
done

# A config per measurement: the lab's, backing up only /srv/bench, with its own state dir and repositories. JSON is YAML.
make_config() {
	node --input-type=module -e '
		import { writeFileSync } from "node:fs";
		const { loadConfig } = await import(process.argv[1]);
		const { config } = await loadConfig(process.argv[2]);
		const dir = process.argv[3];
		config.stateDir = `${dir}/state`;
		config.defaults = { ...config.defaults, sources: ["/srv/bench"], repository: { ...config.defaults?.repository, path: `${dir}/repos/{host}` } };
		writeFileSync(`${dir}/bench.yaml`, JSON.stringify(config, null, 2));
	' "$repo_root/packages/core/dist/index.js" "$lab/pullbak.yaml" "$1"
}

# Sum of RSS (KiB) of $1 and all its descendants.
tree_rss() {
	ps -e -o pid=,ppid=,rss= | awk -v root="$1" '
		{ parent[$1] = $2; rss[$1] = $3 }
		END {
			for (p in rss) { q = p; while (q != "" && q != 0 && q != root) q = parent[q]; if (q == root) sum += rss[p] }
			print sum + 0
		}'
}

declare -A seconds_of hwm_of tree_of
order=(1 2 4)
for ((round = 0; round < rounds; round++)); do
	for ((i = 0; i < 3; i++)); do
		jobs=${order[$(((i + round) % 3))]}
		dir="$work/run-$round-$jobs"
		mkdir -p "$dir"
		make_config "$dir"
		# Empty repositories, made once (borg init is CPU-bound key work) and copied for each run.
		if [ ! -d "$work/empty-repos" ]; then
			for h in $(seq 1 "$hosts"); do node "$cli" --config "$dir/bench.yaml" init "lab$h" >/dev/null 2>&1; done
			cp -a "$dir/repos" "$work/empty-repos"
		else
			cp -a "$work/empty-repos" "$dir/repos"
		fi
		start=$(date +%s.%N)
		node "$cli" --config "$dir/bench.yaml" run --all --jobs "$jobs" >"$dir/summary.txt" 2>"$dir/log.txt" &
		node_pid=$!
		hwm=0
		tree=0
		while kill -0 "$node_pid" 2>/dev/null; do
			now=$(awk '/^VmHWM:/ { print $2 }' "/proc/$node_pid/status" 2>/dev/null || true)
			[ -z "$now" ] || hwm=$now
			sum=$(tree_rss "$node_pid")
			[ "$sum" -le "$tree" ] || tree=$sum
			sleep 0.2
		done
		status=0
		wait "$node_pid" || status=$?
		elapsed=$(echo "$(date +%s.%N) - $start" | bc)
		if [ "$status" -ne 0 ]; then
			echo "FAIL: run --all --jobs $jobs exited $status"
			cat "$dir/summary.txt" "$dir/log.txt"
			exit 1
		fi
		echo "round $((round + 1)) --jobs $jobs: ${elapsed} s, node VmHWM $((hwm / 1024)) MiB, tree peak $((tree / 1024)) MiB"
		seconds_of[$jobs]+="$elapsed "
		[ "$hwm" -le "${hwm_of[$jobs]:-0}" ] || hwm_of[$jobs]=$hwm
		[ "$tree" -le "${tree_of[$jobs]:-0}" ] || tree_of[$jobs]=$tree
		rm -rf "$dir/repos"
	done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo
echo "8 hosts, ${size_mib} MiB each, $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
base=$(echo "${seconds_of[1]}" | median)
printf '%-8s %10s %8s %16s %16s\n' "jobs" "wall (s)" "ratio" "node peak (MiB)" "tree peak (MiB)"
for jobs in 1 2 4; do
	wall=$(echo "${seconds_of[$jobs]}" | median)
	printf '%-8s %10.1f %8.2f %16d %16d\n' "$jobs" "$wall" "$(echo "$wall / $base" | bc -l)" $((hwm_of[$jobs] / 1024)) $((tree_of[$jobs] / 1024))
done
