#!/bin/sh
# pullbak: run one command "as on the client", inside a chroot over the
# client's files, without writing to the client or to the server's mount table.
#
# Started as: unshare --mount --propagation private [--net] --ipc -- \
#   sh enter-chroot.sh LOWER UPPER WORK MERGED [--need NAME SOURCE MODE]... \
#      [--proc] [--caps CAP,...] [--chdir DIR] --exec PROGRAM -- ARGS...
#
# Every value arrives as its own argument and is only ever quoted ("$x"),
# never evaluated. The mounts below are made in the private mount namespace
# unshare created: the server's mount table never sees them, and they vanish
# when the last process of the namespace (the command) exits.
#
#   MERGED   overlay: LOWER (the client's / over sshfs, read-only) under UPPER
#            (server-side, prepared by pullbak): every write lands in UPPER.
#   MERGED/.pullbak/NAME   bind of a server path SOURCE (MODE ro|rw, dir|file)
#   MERGED/dev   read-only tmpfs holding null zero full random urandom only
#   MERGED/proc  empty read-only tmpfs, or with --proc a proc of pids only
#   MERGED/sys   empty read-only tmpfs (nothing the command needs is there)
#
# Then capsh chroots into MERGED, keeps only the capabilities in --caps (all
# others leave the bounding set, so nothing exec'd inside regains them) and
# execs PROGRAM. Each step execs the next, so the caller's signals reach the
# command and fd 3 (a passphrase pipe) is inherited only by it.
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

[ $# -ge 4 ] || die "usage: enter-chroot.sh LOWER UPPER WORK MERGED [options] --exec PROGRAM -- ARGS..."
lower=$1 upper=$2 work=$3 merged=$4
shift 4
for path in "$lower" "$upper" "$work" "$merged"; do
	safe_path "$path"
	[ -d "$path" ] && [ ! -L "$path" ] || die "$path is not a real directory"
done

# A mount target must be reached through real directories only: the kernel
# follows symlinks in a mount target, and a symlink planted by the client
# would point at the server's own tree. Targets under MERGED are made by
# pullbak in the upper layer, which the client cannot alter; this check makes
# sure of it anyway, one path component at a time.
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

run mount --no-canonicalize -t overlay \
	-o "lowerdir=$lower,upperdir=$upper,workdir=$work,nosuid,nodev,index=off,metacopy=off,redirect_dir=off,xino=off" \
	pullbak-chroot "$merged"

bind_need() { # NAME SOURCE MODE
	case $1 in
	*[!A-Za-z0-9._-]* | "" | .* | tmp) die "bad need name: $1" ;;
	esac
	case $3 in
	ro-dir | rw-dir) real_target ".pullbak/$1" dir ;;
	ro-file | rw-file) real_target ".pullbak/$1" file ;;
	*) die "bad need mode: $3" ;;
	esac
	case $2 in
	/*) ;;
	*) die "need $1: source is not absolute: $2" ;;
	esac
	run mount --no-canonicalize --bind "$2" "$merged/.pullbak/$1"
	case $3 in
	ro-*) run mount --no-canonicalize -o remount,bind,ro,nosuid,nodev "$merged/.pullbak/$1" ;;
	*) run mount --no-canonicalize -o remount,bind,nosuid,nodev "$merged/.pullbak/$1" ;;
	esac
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
	# Processes only (subset=pid): no /proc/sys, /proc/kcore or other knobs of the server's kernel.
	real_target proc dir
	run mount --no-canonicalize -t proc -o nosuid,nodev,noexec,subset=pid pullbak-proc "$merged/proc"
else
	empty_ro_tmpfs proc
fi
empty_ro_tmpfs sys

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
	exec capsh "--inh=$caps" --drop=all --no-new-privs "--chroot=$merged" "--shell=$shell" -- "$@"
fi
exec capsh --drop=all --no-new-privs "--chroot=$merged" "--shell=$shell" -- "$@"
