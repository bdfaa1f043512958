#!/bin/sh
# run-in-jail.sh JAIL CLIENT_ROOT NEEDS_DIR WORKDIR [NAME SOURCE rw|ro]... -- COMMAND [ARG]...
#
# Runs COMMAND in WORKDIR (usually /client), chrooted into a throwaway root
# built on JAIL (an empty, server-side directory): the client's mounted tree
# at /client, the server's /usr read-only (for the archiver's program), and
# each NAME bound at /NEEDS_DIR/NAME, /dev/null and friends, an /etc that
# names root only.
# Nothing else exists:
# an absolute symlink planted by the client (`etc -> /root/.ssh`) resolves
# inside this root, where everything but /client and the needs is read-only.
#
# Must run inside `unshare --mount`: every mount below is private to this
# process, never shows in the server's mount table and vanishes with it.
# Values arrive as "$1".., never spliced into a command string.
set -eu

jail=$1 client=$2 needs=$3 workdir=$4
shift 4

mount -t tmpfs -o mode=0755,size=1m,nosuid,nodev pullbak-jail "$jail"
mkdir "$jail/client" "$jail/$needs" "$jail/usr"
mount --rbind /usr "$jail/usr"
mount -o remount,bind,ro "$jail/usr"

# /bin, /lib... are links into /usr on a merged-/usr system, real dirs elsewhere.
for top in bin sbin lib lib32 lib64 libx32; do
	if [ -L "/$top" ]; then
		ln -s "$(readlink "/$top")" "$jail/$top"
	elif [ -d "/$top" ]; then
		mkdir "$jail/$top"
		mount --rbind "/$top" "$jail/$top"
		mount -o remount,bind,ro "$jail/$top"
	fi
done

# Only root has a name here: a program that asks who it runs as gets an
# answer, and no other id maps to a name (the restore keeps numeric ids).
mkdir "$jail/etc"
echo "root:x:0:0:root:/root:/bin/sh" >"$jail/etc/passwd"
echo "root:x:0:" >"$jail/etc/group"

# A few harmless devices some programs expect; never the whole /dev (a link
# to /dev/sda must lead nowhere).
mkdir "$jail/dev"
for device in null zero random urandom; do
	: >"$jail/dev/$device"
	mount --bind "/dev/$device" "$jail/dev/$device"
done

while [ "$1" != "--" ]; do
	name=$1 source=$2 mode=$3
	shift 3
	if [ -d "$source" ]; then mkdir "$jail/$needs/$name"; else : >"$jail/$needs/$name"; fi
	mount --bind "$source" "$jail/$needs/$name"
	if [ "$mode" = ro ]; then mount -o remount,bind,ro "$jail/$needs/$name"; fi
done
shift

mount --bind "$client" "$jail/client"
mount -o remount,ro "$jail"
exec /usr/sbin/chroot "$jail" /usr/bin/env --chdir="$workdir" "$@"
