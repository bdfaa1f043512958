#!/bin/sh
# run-in-jail.sh JAIL CLIENT_ROOT NEEDS_DIR WORKDIR ETC [NAME SOURCE rw|ro]... -- COMMAND [ARG]...
#
# Runs COMMAND in WORKDIR (usually /client), chrooted into a throwaway root
# built on JAIL (an empty, server-side directory): the client's mounted tree
# at /client, the server's /usr read-only (the server's own programs), each
# NAME bound at /NEEDS_DIR/NAME, /dev/null and friends, and an /etc of
# pullbak's: ETC is "-" (only root has a name) or a server-side directory
# whose passwd and group files (pullbak's copies of the client's) are bound
# read-only at /etc/passwd and /etc/group.
# Nothing else exists:
# an absolute symlink planted by the client (`etc -> /root/.ssh`) resolves
# inside this root, where everything but /client and the needs is read-only.
#
# Must run inside `unshare --mount`: every mount below is private to this
# process, never shows in the server's mount table and vanishes with it.
# Values arrive as "$1".., never spliced into a command string.
set -eu

jail=$1 client=$2 needs=$3 workdir=$4 etc=$5
shift 5

mount -t tmpfs -o mode=0755,size=1m,nosuid,nodev pullbak-jail "$jail"
mkdir "$jail/client" "$jail/$needs" "$jail/usr"
mount --rbind /usr "$jail/usr"
mount -o remount,bind,ro,nosuid,nodev "$jail/usr"

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

# Names come from files only: no nscd, sssd or systemd-userdb is asked (their
# sockets do not exist here, and no NSS module but `files` is named), so a
# name is what the passwd and group below say, and nothing else.
mkdir "$jail/etc"
printf '%s\n' "passwd: files" "group: files" "shadow: files" "gshadow: files" "hosts: files" >"$jail/etc/nsswitch.conf"
if [ "$etc" = - ]; then
	# Only root has a name here: a program that asks who it runs as gets an
	# answer, and no other id maps to a name (numeric ids are kept).
	echo "root:x:0:0:root:/root:/bin/sh" >"$jail/etc/passwd"
	echo "root:x:0:" >"$jail/etc/group"
else
	for database in passwd group; do
		: >"$jail/etc/$database"
		mount --bind "$etc/$database" "$jail/etc/$database"
		mount -o remount,bind,ro,nosuid,nodev "$jail/etc/$database"
	done
fi

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
