#!/bin/sh
# Starts a lab host's sshd. @pullbak/lab (src/sshd.ts) runs it as
#
#   ip netns exec NETNS unshare --mount --propagation private --uts -- \
#     /bin/sh start-client-sshd.sh ROOT HOSTNAME SSHD_CONFIG SSHD_LOG
#
# so everything below happens inside the host's network namespace, in a fresh
# mount and UTS namespace of its own. The mounts made here are invisible to the
# server (private propagation) and vanish with the host's last process; the
# hostname set here is the host's alone. Values arrive only as positional
# arguments and are always quoted: nothing is ever evaluated as code.
set -eu

root=$1
hostname=$2
sshd_config=$3
sshd_log=$4

hostname "$hostname"

# The server's programs and libraries, read-only: the host runs the same sshd,
# tar, python3 and borg without a copy, and cannot change them.
mount --bind /usr "$root/usr"
mount -o remount,bind,ro "$root/usr"
# Debian's alternatives are symlinks into that /usr, so they come with it.
mount --bind /etc/alternatives "$root/etc/alternatives"
mount -o remount,bind,ro "$root/etc/alternatives"

# A minimal /dev with the nodes sshd, its sessions, tar and borg open.
mount -t tmpfs -o mode=0755,nosuid,noexec,size=64k pullbak-lab-dev "$root/dev"
for node in null zero full random urandom tty; do
  : > "$root/dev/$node"
  mount --bind "/dev/$node" "$root/dev/$node"
done
ln -s /proc/self/fd "$root/dev/fd"
ln -s /proc/self/fd/0 "$root/dev/stdin"
ln -s /proc/self/fd/1 "$root/dev/stdout"
ln -s /proc/self/fd/2 "$root/dev/stderr"

mount -t proc proc "$root/proc"

# sshd daemonizes once it listens and has written its pid file, so the caller
# waits for this script to exit and then for the pid file.
exec chroot "$root" /usr/sbin/sshd -f "$sshd_config" -E "$sshd_log"
