#!/usr/bin/env bash
# Issue 10's performance gate: the default strategy (sshfs + chroot) of two
# pullbak checkouts side by side with the same backup typed by hand (the
# seed procedure: sshfs, bind mounts, chroot, borg create), in one run.
#
#   BEFORE_ROOT=DIR AFTER_ROOT=DIR bench/issue-10-gate.sh [SIZE_MIB] [ROUNDS]
#                                         (as root; defaults 256 and 3)
#
# BEFORE_ROOT and AFTER_ROOT are built checkouts (`pnpm install && pnpm
# build`), e.g. `git worktree add /tmp/before 6043408` (the commit before
# issue 10's work) and this checkout. This is bench/backup-vs-by-hand.sh of
# commit 6043408 (the script the issue names; since folded into `pnpm
# bench`) with a third variant: the by-hand side is unchanged, and both
# pullbaks run the same lab config, each with its own state and repository
# directory.
#
# Brings up its own one-host lab (with BEFORE_ROOT's pullbak), writes a
# deterministic data set of SIZE_MIB under the host's /srv/bench
# (bench/make-backup-data.mjs: a quarter in a few thousand small files in
# nested directories, the rest in 48 MiB files), then runs ROUNDS rounds,
# the order of the three variants rotating. In each round each variant gets
# a fresh repository and cache, and is timed (wall clock) for
#   init        creating the repository (repokey-blake2, the lab's passphrase);
#   first run   a full backup of /srv/bench: every file read;
#   second run  the same, unchanged: borg's files cache (ctime,size) skips all
#               files but the newest;
# each run mounting, backing up and tearing down completely, as a run does.
#
#   pullbak:  pullbak init lab1; pullbak run lab1; pullbak run lab1, with the
#             lab's config narrowed to sources: [/srv/bench].
#   by hand:  sshfs with the options pullbak used at 6043408 (checked against
#             BEFORE's --dry-run plan), bind mounts of /dev, /proc, /sys, the
#             repository, borg's config and cache dirs and a temp dir ON the
#             client's mount, chroot, borg create --files-cache ctime,size
#             into a separate repository, unmount. The mount points the binds
#             need are made once on the client's disk before timing starts.
#
# Prints the median of each phase, the ratios, and every round's times (the
# per-round after/before ratio, same load, is the steadier figure on a
# shared machine). Takes everything down again however it ends (trap).
# Nothing leaves the machine: the only host it talks to is its own lab host.
set -euo pipefail

size_mib=${1:-256}
rounds=${2:-3}
# Two checkouts of pullbak, built: BEFORE (the commit before issue 10) and AFTER.
before_root=${BEFORE_ROOT:?set BEFORE_ROOT to a built checkout of the old commit}
after_root=${AFTER_ROOT:?set AFTER_ROOT to a built checkout of the new commit}
repo_root=$before_root
cli="$before_root/packages/cli/bin/pullbak.js"
cli_before=$cli
cli_after="$after_root/packages/cli/bin/pullbak.js"
work=$(mktemp -d /tmp/pullbak-bench-backup.XXXXXX)
lab="$work/lab"
config="$work/bench.yaml"
hand="$work/hand"
mnt="$hand/mnt"

# Every mount under $work, deepest first.
mounts_under_work() {
	awk -v w="$work" 'index($2, w "/") == 1 { print $2 }' /proc/mounts | sort -r
}

# The by-hand teardown, and the safety net for pullbak's mount if it was killed.
unmount_all_under_work() {
	local path
	for path in $(mounts_under_work); do
		umount "$path" 2>/dev/null || umount --lazy "$path"
	done
}

cleanup() {
	local rc=$?
	set +e
	unmount_all_under_work
	node "$cli" lab down --dir "$lab" >/dev/null 2>&1
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

# timed ARRAY CMD...: run CMD, append its wall time in seconds to ARRAY.
timed() {
	local -n into=$1
	shift
	sync # the previous run's repository writes are not this run's cost
	local start=$EPOCHREALTIME
	"$@"
	into+=("$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')")
}

median() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ---------------------------------------------------------------- setup

node "$cli" lab up 1 --dir "$lab" >/dev/null
read -r root address port < <(node -e '
	const h = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).hosts[0];
	console.log(h.rootDir, h.address, h.port);
' "$lab/lab.json")

# The lab's config, backing up only the bench data. JSON is YAML.
node --input-type=module -e '
	import { writeFileSync } from "node:fs";
	const { loadConfig } = await import(process.argv[1]);
	const { config } = await loadConfig(process.argv[2]);
	config.defaults = { ...config.defaults, sources: ["/srv/bench"] };
	writeFileSync(process.argv[3], JSON.stringify(config, null, 2));
' "$repo_root/packages/core/dist/index.js" "$lab/pullbak.yaml" "$config"

for v in before after; do
	node -e '
		const fs = require("fs");
		const c = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
		c.stateDir = c.stateDir + "-" + process.argv[2];
		c.defaults.repository.path = c.defaults.repository.path.replace("/repos/", "/repos-" + process.argv[2] + "/");
		fs.writeFileSync(process.argv[3], JSON.stringify(c, null, 2));
	' "$config" "$v" "$work/bench-$v.yaml"
done

echo "writing the data set (${size_mib} MiB) on lab1..."
data=$(node "$(dirname "$0")/make-backup-data.mjs" "$root/srv/bench" "$size_mib")
read -r files bytes dirs < <(node -e 'const d = JSON.parse(process.argv[1]); console.log(d.files, d.bytes, d.dirs)' "$data")

# The by-hand side: its own repository, borg dirs and mount point on the
# server, and the client's one-time mount points for the binds.
mkdir -p "$mnt" "$hand/borg/config" "$hand/borg/cache" "$hand/tmp"
chmod 1777 "$hand/tmp"
mkdir -p "$root/borgrepo" "$root/root/.config/borg" "$root/root/.cache/borg"

# The sshfs options as an admin would type them; they must be pullbak's.
hand_sshfs_options="UserKnownHostsFile=$lab/known_hosts,GlobalKnownHostsFile=none,StrictHostKeyChecking=yes,UpdateHostKeys=no,BatchMode=yes,PreferredAuthentications=publickey,IdentitiesOnly=yes,IdentityFile=$lab/keys/backup,ServerAliveInterval=15,ServerAliveCountMax=3,ConnectTimeout=10,reconnect,allow_other,dir_cache=yes,ro,no_contain_symlinks"
pullbak_sshfs_options=$(node "$cli" --config "$config" run lab1 --dry-run |
	awk '$2 == "sshfs" { for (i = 3; i < NF; i++) if ($i == "-o") print $(i + 1) }')
[ "$hand_sshfs_options" = "$pullbak_sshfs_options" ] ||
	fail "the by-hand sshfs options differ from pullbak's:
  by hand: $hand_sshfs_options
  pullbak: $pullbak_sshfs_options"

# ---------------------------------------------------------------- the two variants

pullbak_variant() { # NAME CLI CONFIG
	eval "${1}_reset() { rm -rf \"$lab/repos-${1#pullbak_}\" \"$lab/state-${1#pullbak_}\"; }"
	eval "${1}_init() { node \"$2\" --config \"$3\" init lab1 >\"\$work/out\" 2>&1 || fail \"$1 init\" \"\$work/out\"; }"
	eval "${1}_run() { pullbak_run_with \"$2\" \"$3\" \"\$1\"; }"
}

# pullbak_run_with CLI CONFIG MAX_NEW_BYTES: a backup; checks borg saw every file and stored
# at most MAX_NEW_BYTES (proof that an unchanged run was one).
pullbak_run_with() {
	node "$1" --config "$2" run lab1 --json >"$work/out" 2>"$work/err" || fail "pullbak run ($1)" "$work/err"
	node -e '
		const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		const r = Array.isArray(j) ? j[0] : j.hosts[0];
		if (r.stats.files !== Number(process.argv[2]) || r.stats.deduplicatedBytes > Number(process.argv[3])) {
			console.error(`pullbak: ${r.stats.files} files, ${r.stats.deduplicatedBytes} bytes new`);
			process.exit(1);
		}
	' "$work/out" "$files" "$3" || fail "pullbak's archive is not what was asked"
}
pullbak_variant pullbak_before "$cli_before" "$work/bench-before.yaml"
pullbak_variant pullbak_after "$cli_after" "$work/bench-after.yaml"

hand_reset() {
	rm -rf "$hand/repo" "$hand/borg/config"/* "$hand/borg/cache"/*
}

hand_init() {
	BORG_CONFIG_DIR="$hand/borg/config" BORG_CACHE_DIR="$hand/borg/cache" BORG_PASSPHRASE_FD=3 \
		borg init --encryption=repokey-blake2 "$hand/repo" 3<"$lab/passphrase" >"$work/out" 2>&1 ||
		fail "borg init by hand" "$work/out"
}

# hand_run MAX_NEW_BYTES: the seed procedure, start to finish.
hand_run() {
	sshfs -F none -p "$port" -o "$hand_sshfs_options" "root@$address:/" "$mnt"
	mount --bind /dev "$mnt/dev"
	mount --bind /proc "$mnt/proc"
	mount --bind /sys "$mnt/sys"
	mount --bind "$hand/repo" "$mnt/borgrepo"
	mount --bind "$hand/borg/config" "$mnt/root/.config/borg"
	mount --bind "$hand/borg/cache" "$mnt/root/.cache/borg"
	mount --bind "$hand/tmp" "$mnt/tmp"
	local rc=0
	# Relocated: init saw the repository at its server path, the chroot at
	# /borgrepo (pullbak answers the same question the same way).
	HOME=/root BORG_PASSPHRASE_FD=3 BORG_RELOCATED_REPO_ACCESS_IS_OK=yes \
		chroot "$mnt" borg create --json --files-cache ctime,size --one-file-system \
		--exclude /borgrepo --exclude /dev --exclude /proc --exclude /sys \
		"/borgrepo::lab1-$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)" /srv/bench \
		3<"$lab/passphrase" >"$work/out" 2>"$work/err" || rc=$?
	unmount_all_under_work
	[ "$rc" -eq 0 ] || fail "borg create by hand exited $rc" "$work/err"
	node -e '
		const { archive } = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		if (archive.stats.nfiles !== Number(process.argv[2]) || archive.stats.deduplicated_size > Number(process.argv[3])) {
			console.error(`by hand: ${archive.stats.nfiles} files, ${archive.stats.deduplicated_size} bytes new`);
			process.exit(1);
		}
	' "$work/out" "$files" "$1" || fail "the by-hand archive is not what was asked"
}

# ---------------------------------------------------------------- rounds

declare -a pullbak_before_init_s=() pullbak_before_first_s=() pullbak_before_second_s=()
declare -a pullbak_after_init_s=() pullbak_after_first_s=() pullbak_after_second_s=()
declare -a hand_init_s=() hand_first_s=() hand_second_s=()
# The first run stores the data once more (new repository); the second at most
# the newest file again plus the archive's metadata.
first_max=$((bytes * 2))
second_max=$((1024 * 1024))

round_of() { # VARIANT
	"${1}_reset"
	timed "${1}_init_s" "${1}_init"
	timed "${1}_first_s" "${1}_run" "$first_max"
	timed "${1}_second_s" "${1}_run" "$second_max"
	local -n i=${1}_init_s f=${1}_first_s s=${1}_second_s
	printf '  %-15s init %6.2f s   first run %7.2f s   second run %6.2f s\n' "$1" "${i[-1]}" "${f[-1]}" "${s[-1]}"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq 1 "$rounds"); do
	echo "round $round/$rounds"
	case $((round % 3)) in
	1) order="pullbak_before pullbak_after hand" ;;
	2) order="hand pullbak_before pullbak_after" ;;
	0) order="pullbak_after hand pullbak_before" ;;
	esac
	for v in $order; do round_of "$v"; done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- report

mib=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
echo
echo "machine:  $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(uname -r)"
echo "          borg $(borg --version | cut -d' ' -f2), sshfs $(sshfs --version 2>&1 | awk '/^SSHFS version/ { print $3 }'), $(ssh -V 2>&1 | cut -d, -f1), node $(node --version)"
echo "load:     $load_before before, $load_after after (1, 5, 15 min)"
echo "data:     $files files in $dirs directories, $mib MiB (/srv/bench on lab1)"
echo "rounds:   $rounds, order alternating; medians of wall time"
echo
printf '%-24s %10s %10s %10s %12s %12s %12s\n' "" "before" "after" "by hand" "before/hand" "after/hand" "after/before"
report() { # LABEL PHASE
	local b a h
	local -n ba=pullbak_before_${2}_s aa=pullbak_after_${2}_s ha=hand_${2}_s
	b=$(median "${ba[@]}")
	a=$(median "${aa[@]}")
	h=$(median "${ha[@]}")
	printf '%-24s %8.2f s %8.2f s %8.2f s %12.2f %12.2f %12.2f\n' "$1" "$b" "$a" "$h" \
		"$(awk -v p="$b" -v h="$h" 'BEGIN { print p / h }')" "$(awk -v p="$a" -v h="$h" 'BEGIN { print p / h }')" "$(awk -v p="$a" -v h="$b" 'BEGIN { print p / h }')"
}
report "init" init
report "first run (full)" first
report "second run (unchanged)" second
echo "all rounds (s):"
for v in pullbak_before pullbak_after hand; do
	for ph in first second; do
		declare -n arr=${v}_${ph}_s
		echo "  $v $ph: ${arr[*]}"
		unset -n arr
	done
done
