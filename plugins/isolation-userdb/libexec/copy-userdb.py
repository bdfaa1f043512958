"""copy-userdb.py CLIENT_ROOT DEST_DIR MAX_BYTES

Copies the client's etc/passwd and etc/group (below CLIENT_ROOT) to DEST_DIR,
run by the SERVER's python (`python3 -I -S`: no environment, no site, no user
site) inside pullbak's jail. Nothing of the client is executed or imported:
its files are read as bytes.

Every path component is opened without following a link (O_NOFOLLOW, one
component at a time from CLIENT_ROOT), O_NONBLOCK so a FIFO cannot hang the
open, and only a regular file of at most MAX_BYTES is copied. Anything else is
refused: one line on stderr, exit 3. The copies are new files (O_EXCL) in a
directory of pullbak's own.
"""
import errno
import os
import stat
import sys

REFUSED = 3
KINDS = {stat.S_IFDIR: "a directory", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
         stat.S_IFIFO: "a FIFO", stat.S_IFSOCK: "a socket", stat.S_IFLNK: "a symbolic link"}


def refuse(message):
    sys.stderr.write(message + "\n")
    sys.exit(REFUSED)


def open_nofollow(parent_fd, name, flags, shown):
    try:
        return os.open(name, flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC, dir_fd=parent_fd)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR):
            # lstat only, to say what it is: a link (O_NOFOLLOW), or not the directory asked for.
            try:
                kind = KINDS.get(stat.S_IFMT(os.stat(name, dir_fd=parent_fd, follow_symlinks=False).st_mode), "a file")
            except OSError:
                kind = "not what was expected"
            refuse(f"{shown} is {kind}" if kind == "a symbolic link" else f"{shown} is not a directory (it is {kind})")
        if error.errno == errno.ENOENT:
            refuse(f"{shown} does not exist")
        refuse(f"{shown} cannot be opened: {error.strerror}")


def copy(etc_fd, name, dest, limit):
    shown = f"/etc/{name}"
    fd = open_nofollow(etc_fd, name, os.O_RDONLY, shown)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            refuse(f"{shown} is not a regular file (it is {KINDS.get(stat.S_IFMT(mode), 'something else')})")
        os.set_blocking(fd, True)
        data = b""
        while len(data) <= limit:
            chunk = os.read(fd, limit + 1 - len(data))
            if not chunk:
                break
            data += chunk
        if len(data) > limit:
            refuse(f"{shown} is larger than {limit} bytes")
    finally:
        os.close(fd)
    out = os.open(os.path.join(dest, name), os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(out, view):]
    finally:
        os.close(out)


def main():
    root, dest, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
    root_fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    etc_fd = open_nofollow(root_fd, "etc", os.O_RDONLY | os.O_DIRECTORY, "/etc")
    for name in ("passwd", "group"):
        copy(etc_fd, name, dest, limit)


main()
