#!/bin/sh
# pullbak: run one command "as on the client", chrooted over the client's
# files, without touching the server's mount table.
#
# Started as: unshare --mount --propagation private [--net] --ipc -- \
#   sh enter-chroot.sh LAYOUT LOWER UPPER WORK MERGED [--hidden HEX] [--scratch BYTES] [--need NAME SOURCE MODE]... \
#      [--serve DIR N WORD...]... [--proc] [--caps CAP,...] [--chdir DIR] --exec PROGRAM -- ARGS...
#
# Every value arrives as its own argument and is only ever quoted ("$x"),
# never evaluated. The mounts below are made in the private mount namespace
# unshare created: the server's mount table never sees them, and they vanish
# when the last process of the namespace (the command) exits.
#
# LAYOUT "overlay" (backups: nothing may be written to the client):
#   MERGED   overlay: LOWER (the client's / over sshfs, read-only) under UPPER
#            (server-side, prepared by pullbak): every write lands in UPPER.
# LAYOUT "through" (restores: writes must reach the client):
#   MERGED   a tmpfs, read-only once set up, holding binds of each top-level
#            directory of LOWER (written through to the client), the client's
#            top-level symlinks recreated as they are, and pullbak's paths.
#   --hidden HEX (required here) puts the needs and tmp below at
#   MERGED/.pullbak/HEX/ instead of MERGED/.pullbak/: a restore follows the
#   client's symlinks, and one planted at a fixed /.pullbak/NAME would lead
#   it into the server's repository; HEX is random per run.
# --scratch BYTES (issue #10, quota: the client's code must not fill the
#   server's disk): what the command writes lands on a tmpfs of BYTES (and
#   BYTES/4096 inodes, at least 1024), nosuid,nodev, mounted on WORK in this
#   private namespace only, never on the server's disk: with "overlay" the
#   overlay's upper and work dirs are made there (UPPER, as pullbak prepared
#   it, copied in first), with "through" it is the tmp dir. A write past it
#   fails with ENOSPC; the tmpfs goes with the namespace. Without it, writes
#   land in UPPER on the server's disk.
# Both:
#   MERGED/.pullbak/NAME   bind of a server path SOURCE (MODE ro|rw, dir|file)
#   MERGED/dev   read-only tmpfs holding null zero full random urandom only
#   MERGED/proc  empty read-only tmpfs, or with --proc a proc of pids only
#   MERGED/sys   empty read-only tmpfs (nothing the command needs is there)
#
# --serve DIR N WORD... (issue #10: the client's program never gets the
#   repository's files): makes the FIFOs DIR/to-server and DIR/from-server
#   (DIR is server-side, bound read-only into the chroot by a --need) and
#   starts the server program WORD... (N words: `env -i ... python3 -I -B
#   .../serve/borg serve --append-only --restrict-to-repository PATH`) at
#   once, outside the command's PID namespace and not chrooted. It opens
#   the FIFOs itself when it is ready (its environment names them), so its
#   start-up overlaps the command's; it is connected once its stdin is
#   DIR/to-server. It ends when the command's side closes the FIFOs. After
#   the command has ended, one never connected is stopped at once, and a
#   connected one still there 30 seconds later gets SIGTERM.
#
# Then the command runs in a PID namespace of its own (unshare --pid --fork
# --kill-child): when it exits, the kernel kills whatever it forked, and it
# can signal or trace nothing outside. unshare (util-linux 2.38) does not
# pass signals on to its child, so this script stays as the command's
# parent and forwards SIGINT, SIGTERM and SIGHUP to it (borg writes its
# checkpoint on SIGINT). Inside, capsh chroots into MERGED, keeps only the
# capabilities in --caps (all others leave the bounding set, so nothing
# exec'd inside regains them) and execs PROGRAM. fd 3 (a passphrase pipe)
# is inherited only by the command.
#
# Nothing here follows a path inside the client's files: the client may have
# planted symlinks anywhere, and outside the chroot the server's kernel would
# resolve them against the server's own tree.
set -eu
set -f

die() {
	echo "pullbak enter-chroot: $*" >&2
	exit 125
}

safe_path() {
	case $1 in
	/*) ;;
	*) die "not an absolute path: $1" ;;
	esac
	case $1 in
	*[!A-Za-z0-9._/+@-]*) die "refusing a path with characters mount options could misread: $1" ;;
	esac
}

[ $# -ge 5 ] || die "usage: enter-chroot.sh LAYOUT LOWER UPPER WORK MERGED [options] --exec PROGRAM -- ARGS..."
layout=$1 lower=$2 upper=$3 work=$4 merged=$5
shift 5
case $layout in
overlay | through) ;;
*) die "unknown layout: $layout" ;;
esac
for path in "$lower" "$upper" "$work" "$merged"; do
	safe_path "$path"
	[ -d "$path" ] && [ ! -L "$path" ] || die "$path is not a real directory"
done

# Where the needs and tmp go inside the chroot (relative to MERGED).
pullbak=.pullbak
if [ $# -ge 2 ] && [ "$1" = --hidden ]; then
	case $2 in
	"" | *[!0-9a-f]*) die "bad hidden name: $2" ;;
	esac
	[ "$layout" = through ] || die "--hidden is for layout through only"
	pullbak=.pullbak/$2
	shift 2
fi
[ "$layout" = overlay ] || [ "$pullbak" != .pullbak ] || die "layout through needs --hidden HEX"

scratch=""
if [ $# -ge 2 ] && [ "$1" = --scratch ]; then
	case $2 in
	"" | 0 | *[!0-9]*) die "bad scratch size: $2" ;;
	esac
	scratch=$2
	shift 2
fi

# Mounts the scratch tmpfs on WORK (an empty dir pullbak made; in this namespace only).
mount_scratch() {
	inodes=$((scratch / 4096))
	[ "$inodes" -ge 1024 ] || inodes=1024
	run mount --no-canonicalize -t tmpfs -o "size=$scratch,nr_inodes=$inodes,mode=0700,nosuid,nodev" pullbak-scratch "$work"
}

# A mount target must be reached through real directories only: the kernel
# follows symlinks in a mount target. Targets under MERGED are made by pullbak
# (in the upper layer or on its own tmpfs), which the client cannot alter;
# this checks it anyway, one path component at a time.
real_target() { # RELATIVE-PATH dir|file
	current=$merged
	rest=$1
	while [ -n "$rest" ]; do
		part=${rest%%/*}
		if [ "$part" = "$rest" ]; then rest=""; else rest=${rest#*/}; fi
		case $part in
		"" | . | ..) die "bad mount target component in $1" ;;
		esac
		current=$current/$part
		[ ! -L "$current" ] || die "mount target $current is a symbolic link"
		if [ -n "$rest" ] || [ "$2" = dir ]; then
			[ -d "$current" ] || die "mount target $current is not a directory"
		else
			[ -f "$current" ] || die "mount target $current is not a regular file"
		fi
	done
}

# The mount commands must not see the passphrase pipe; only the command does.
run() { "$@" 3<&-; }

# Binds one top-level directory of the client into MERGED, race-free: the
# directory is opened first and the open descriptor is what gets bound. Had
# the client swapped it for a symlink, the descriptor's path would name the
# link's target instead, and the entry is refused.
bind_client_dir() { # NAME
	source=$lower/$1
	exec 4<"$source" || die "cannot open the client's /$1"
	[ "$(readlink /proc/self/fd/4)" = "$source" ] || die "the client's /$1 changed while it was being bound"
	[ -d /proc/self/fd/4 ] || die "the client's /$1 is not a directory"
	mkdir "$merged/$1"
	run mount --no-canonicalize --bind /proc/self/fd/4 "$merged/$1"
	exec 4<&-
}

client_top_level() {
	set +f
	for path in "$lower"/* "$lower"/.[!.]* "$lower"/..?*; do
		set -f
		[ -L "$path" ] || [ -e "$path" ] || continue
		name=${path##*/}
		case $name in
		.pullbak | dev | proc | sys) continue ;;
		esac
		if [ -L "$path" ]; then
			# Recreated, not followed: inside the chroot it resolves among the client's files.
			ln -s -- "$(readlink -- "$path")" "$merged/$name"
		elif [ -d "$path" ]; then
			bind_client_dir "$name"
		else
			echo "pullbak enter-chroot: the client's /$name is not a directory; it is not reachable inside the chroot" >&2
		fi
	done
	set -f
}

if [ "$layout" = overlay ]; then
	if [ -n "$scratch" ]; then
		mount_scratch
		# UPPER holds only what pullbak prepared (mount targets, the root's owner and mode): copied as it is, links not followed.
		cp -a -- "$upper" "$work/upper"
		mkdir -m 0700 "$work/work"
		upper=$work/upper work=$work/work
	fi
	run mount --no-canonicalize -t overlay \
		-o "lowerdir=$lower,upperdir=$upper,workdir=$work,nosuid,nodev,index=off,metacopy=off,redirect_dir=off,xino=off" \
		pullbak-chroot "$merged"
else
	run mount --no-canonicalize -t tmpfs -o mode=0755,size=64k,nr_inodes=4096,nosuid,nodev pullbak-root "$merged"
	mkdir -m 0700 "$merged/.pullbak"
	[ "$pullbak" = .pullbak ] || mkdir -m 0700 "$merged/$pullbak"
	mkdir -m 0700 "$merged/$pullbak/tmp"
	mkdir -m 0755 "$merged/dev" "$merged/proc" "$merged/sys"
	real_target "$pullbak/tmp" dir
	if [ -n "$scratch" ]; then
		mount_scratch
		run mount --no-canonicalize --bind "$work" "$merged/$pullbak/tmp"
	else
		run mount --no-canonicalize --bind "$upper/.pullbak/tmp" "$merged/$pullbak/tmp"
	fi
	client_top_level
fi

bind_need() { # NAME SOURCE MODE
	case $1 in
	*[!A-Za-z0-9._-]* | "" | .* | tmp) die "bad need name: $1" ;;
	esac
	case $2 in
	/*) ;;
	*) die "need $1: source is not absolute: $2" ;;
	esac
	if [ "$layout" = through ]; then
		case $3 in
		*-dir) mkdir -m 0700 "$merged/$pullbak/$1" ;;
		*-file) : >"$merged/$pullbak/$1" ;;
		esac
	fi
	case $3 in
	ro-dir | rw-dir) real_target "$pullbak/$1" dir ;;
	ro-file | rw-file) real_target "$pullbak/$1" file ;;
	*) die "bad need mode: $3" ;;
	esac
	run mount --no-canonicalize --bind "$2" "$merged/$pullbak/$1"
	case $3 in
	ro-*) run mount --no-canonicalize -o remount,bind,ro,nosuid,nodev "$merged/$pullbak/$1" ;;
	*) run mount --no-canonicalize -o remount,bind,nosuid,nodev "$merged/$pullbak/$1" ;;
	esac
}

# Starts one server program on a channel: DIR N WORD... (only the first N words of the rest are its argv).
serve_pids=""
# A step below that fails (die, set -e) must not leave a server program
# behind: one still opening its FIFOs waits for a command that will never
# come. The parent-death signal covers a SIGKILL, but not an exit that comes
# before the program had set it.
stop_servers() {
	for entry in $serve_pids; do kill -s TERM "${entry%%:*}" 2>/dev/null || :; done
}
trap stop_servers EXIT
serve_start() {
	dir=$1 count=$2
	shift 2
	case $dir in
	/*) ;;
	*) die "--serve: not an absolute path: $dir" ;;
	esac
	[ -d "$dir" ] && [ ! -L "$dir" ] || die "--serve: $dir is not a real directory"
	i=0
	for word do
		shift
		[ "$i" -lt "$count" ] && set -- "$@" "$word"
		i=$((i + 1))
	done
	safe_path "$dir"
	rm -f -- "$dir/to-server" "$dir/from-server"
	mkfifo -m 0600 -- "$dir/to-server" "$dir/from-server"
	# The program opens the FIFOs itself, and opening one blocks until the
	# command opens its end: should this script die meanwhile (a step below
	# fails, SIGKILL after the grace), the kernel's TERM must reach it there.
	# A process left blocked there outlived the script and held pullbak's
	# stderr open, and pullbak waited for it for ever.
	setpriv --pdeathsig TERM -- "$@" 3<&- </dev/null >/dev/null &
	serve_pids="$serve_pids $!:$dir"
}

with_proc=no
caps=""
chdir=""
program=""
while [ $# -gt 0 ]; do
	case $1 in
	--need)
		[ $# -ge 4 ] || die "--need takes NAME SOURCE MODE"
		bind_need "$2" "$3" "$4"
		shift 4
		;;
	--serve)
		[ $# -ge 3 ] || die "--serve takes DIR N WORD..."
		case $3 in
		"" | *[!0-9]*) die "--serve: bad word count: $3" ;;
		esac
		[ $# -ge $((3 + $3)) ] || die "--serve: fewer than $3 words"
		serve_dir=$2 serve_count=$3
		shift 3
		serve_start "$serve_dir" "$serve_count" "$@"
		shift "$serve_count"
		;;
	--proc)
		with_proc=yes
		shift
		;;
	--caps)
		[ $# -ge 2 ] || die "--caps takes a list"
		case $2 in
		*[!a-z_,]*) die "bad capability list: $2" ;;
		esac
		caps=$2
		shift 2
		;;
	--chdir)
		[ $# -ge 2 ] || die "--chdir takes a directory"
		case $2 in
		/*) ;;
		*) die "--chdir needs an absolute path inside the chroot: $2" ;;
		esac
		chdir=$2
		shift 2
		;;
	--exec)
		[ $# -ge 3 ] && [ "$3" = "--" ] || die "--exec takes PROGRAM -- ARGS..."
		program=$2
		shift 3
		break
		;;
	*) die "unknown option: $1" ;;
	esac
done
[ -n "$program" ] || die "no --exec PROGRAM"
# From here "$@" is the command's own arguments.

empty_ro_tmpfs() { # RELATIVE-DIR
	real_target "$1" dir
	run mount --no-canonicalize -t tmpfs -o ro,mode=0755,size=4k,nr_inodes=8,nosuid,nodev,noexec pullbak-empty "$merged/$1"
}

# /dev: the few character devices a program may open, nothing else (no
# disks, no /dev/fuse, no ttys), as binds of the server's own nodes.
real_target dev dir
run mount --no-canonicalize -t tmpfs -o mode=0755,size=16k,nr_inodes=32,nosuid,noexec pullbak-dev "$merged/dev"
for node in null zero full random urandom; do
	: >"$merged/dev/$node"
	run mount --no-canonicalize --bind "/dev/$node" "$merged/dev/$node"
done
ln -s /proc/self/fd "$merged/dev/fd"
ln -s /proc/self/fd/0 "$merged/dev/stdin"
ln -s /proc/self/fd/1 "$merged/dev/stdout"
ln -s /proc/self/fd/2 "$merged/dev/stderr"
run mount --no-canonicalize -o remount,ro,nosuid,noexec "$merged/dev"

if [ "$with_proc" = yes ]; then
	# Mounted inside the command's PID namespace (below), so it shows that namespace's processes only.
	real_target proc dir
else
	empty_ro_tmpfs proc
fi
empty_ro_tmpfs sys

# A new top-level entry would land on pullbak's tmpfs and vanish: make it fail instead.
if [ "$layout" = through ]; then
	run mount --no-canonicalize -o remount,ro,nosuid,nodev "$merged"
fi

# capsh: --inh keeps the listed capabilities across exec (root regains
# exactly inheritable | bounding on exec), --drop=all empties the bounding
# set, --no-new-privs stops setuid or file capabilities from adding any,
# --chroot also changes directory to the new /. A program named without a
# slash, or a working directory, goes through the client's /usr/bin/env
# (coreutils), which looks the name up in PATH inside the chroot.
if [ -z "$chdir" ] && [ "${program#/}" != "$program" ]; then
	shell=$program
else
	shell=/usr/bin/env
	if [ -n "$chdir" ]; then
		set -- "--chdir=$chdir" -- "$program" "$@"
	else
		set -- -- "$program" "$@"
	fi
fi
if [ -n "$caps" ]; then
	set -- capsh "--inh=$caps" --drop=all --no-new-privs "--chroot=$merged" "--shell=$shell" -- "$@"
else
	set -- capsh --drop=all --no-new-privs "--chroot=$merged" "--shell=$shell" -- "$@"
fi
if [ "$with_proc" = yes ]; then
	# Processes only (subset=pid): no /proc/sys, /proc/kcore or other knobs of the server's kernel.
	set -- /bin/sh -c 'mount --no-canonicalize -t proc -o nosuid,nodev,noexec,subset=pid pullbak-proc "$0" 3<&- && exec "$@"' "$merged/proc" "$@"
fi

# An asynchronous command's stdin would be /dev/null: hand it this script's own.
# And sh starts it with SIGINT and SIGQUIT ignored (POSIX, no job control),
# which borg's Python inherits: a SIGINT forwarded before borg sets its own
# handler (a timeout or Ctrl-C in its first seconds) was lost and the
# backup ran to its end. env --default-signal (coreutils 8.31) undoes that.
exec 5<&0
setpriv --pdeathsig KILL -- env --default-signal=INT,QUIT -- unshare --pid --fork --kill-child -- "$@" <&5 5<&- &
inner=$!
exec 5<&- 3<&-

# Whether PID has signal number $3 in its /proc/PID/status field $2 (SigCgt:
# caught, SigIgn: ignored); signals 1..31 sit in the last 8 hex digits.
has_signal() {
	mask=$(sed -n "s/^$2:[[:space:]]*//p" "/proc/$1/status" 2>/dev/null) || return 1
	[ -n "$mask" ] || return 1
	mask=${mask#"${mask%????????}"}
	[ $(((0x$mask >> ($3 - 1)) & 1)) -eq 1 ]
}

# The command itself is unshare's child, PID 1 of its namespace, and the
# kernel drops a signal from outside for which PID 1 has no handler. Until
# borg's Python has set its handlers it has none: it may take seconds to
# start when the client's files come over a slow link, and a timeout or a
# Ctrl-C then was lost and the backup ran to its end. So a signal the
# command catches is sent on; one it would take the default action for
# (terminate) ends it with SIGKILL, which PID 1 does receive, as a command
# outside a PID namespace would have ended. One it ignores ends it with
# SIGKILL too: the command started with every signal at its default (env
# --default-signal, Python's own SIGINT handler), so only the client's code
# can have chosen to ignore it, and a run must end when pullbak says so (a
# client's borg that ignored SIGINT, SIGTERM and SIGHUP kept its run going
# for the runner's 60 s grace after the host's timeout).
forward() {
	case $1 in INT) number=2 ;; TERM) number=15 ;; *) number=1 ;; esac
	for child in $(cat "/proc/$inner/task/$inner/children" 2>/dev/null); do
		if has_signal "$child" SigCgt "$number"; then
			kill -s "$1" "$child" 2>/dev/null || :
		else
			kill -s KILL "$child" 2>/dev/null || :
		fi
	done
}
trap 'forward INT' INT
trap 'forward TERM' TERM
trap 'forward HUP' HUP
status=0
# wait's stderr goes nowhere: dash reports a job killed by a signal there ("Terminated", "Killed"),
# and that line, the last of the command's stderr, would pass for what the command itself said.
while :; do
	wait "$inner" 2>/dev/null && status=0 || status=$?
	kill -0 "$inner" 2>/dev/null || break
done
trap - INT TERM HUP

# The command and everything it forked are gone, so a server program whose client connected has read
# EOF and is ending by itself; one still waiting for its client to open the FIFOs is stopped.
running() { # PID: alive and not a zombie
	[ -r "/proc/$1/stat" ] || return 1
	state=$(sed 's/.*) //; s/ .*//' "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$state" ] && [ "$state" != Z ]
}
# Waits until PID has ended (or is a zombie), at most STEPS x 20 ms.
wait_ended() { # PID STEPS
	steps=0
	while running "$1" && [ "$steps" -lt "$2" ]; do
		sleep 0.02
		steps=$((steps + 1))
	done
}
# One whose stdin and stdout are not yet both its channel never had its
# client (the command was stopped while starting, or never asked for it, or
# opened one end only): it is stopped at once, not after the 30 seconds a
# connected one gets to finish.
for entry in $serve_pids; do
	pid=${entry%%:*} dir=${entry#*:}
	if [ "$(readlink "/proc/$pid/fd/0" 2>/dev/null)" = "$dir/to-server" ] &&
		[ "$(readlink "/proc/$pid/fd/1" 2>/dev/null)" = "$dir/from-server" ]; then
		# 30 s: borg serve usually ends some tens of ms after its client, and the run waits for it.
		wait_ended "$pid" 1500
	fi
	kill -s TERM "$pid" 2>/dev/null || :
	# borg serve catches every exception around a call, SIGTERM's too: one
	# that does not end within 5 s of it is killed, so the wait below is bounded.
	wait_ended "$pid" 250
	kill -s KILL "$pid" 2>/dev/null || :
	# Not dash's "Terminated" after the command's last word: that line is what pullbak reports.
	wait "$pid" 2>/dev/null || :
done
serve_pids=""
exit "$status"
