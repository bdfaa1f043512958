"""Patch "symlink-metadata", loaded by sitecustomize.py when pullbak extracts
onto a view whose transport applies a symlink's metadata to its target (see
src/extract-archive.ts).

Through sshfs, setting the owner or the times of a *symlink* travels as an
SFTP SETSTAT on the link's path, and the client's sftp-server applies it to
the link's *target*: restoring carol's link `~/x -> /etc/shadow` would chown
the client's /etc/shadow to carol, and every restored link would stamp its
own mtime on its target. Linux ignores a link's own owner and times, so the
no-follow forms of chown and utime become no-ops for symlinks here.
"""
import os
import stat


def _is_symlink(path, dir_fd):
    if isinstance(path, int):
        return False
    try:
        return stat.S_ISLNK(os.lstat(path, dir_fd=dir_fd).st_mode)
    except OSError:
        return False


_chown = os.chown
_lchown = os.lchown
_utime = os.utime


def chown(path, uid, gid, *, dir_fd=None, follow_symlinks=True):
    if not follow_symlinks and _is_symlink(path, dir_fd):
        return None
    return _chown(path, uid, gid, dir_fd=dir_fd, follow_symlinks=follow_symlinks)


def lchown(path, uid, gid):
    if _is_symlink(path, None):
        return None
    return _lchown(path, uid, gid)


def utime(path, times=None, *, dir_fd=None, follow_symlinks=True, **ns):
    if not follow_symlinks and _is_symlink(path, dir_fd):
        return None
    return _utime(path, times, dir_fd=dir_fd, follow_symlinks=follow_symlinks, **ns)


def install():
    """Makes the no-follow chown/utime of a symlink a no-op for this process."""
    # Programs check these sets (borg refuses to start without nofollow chown/utime).
    for original, replacement in ((_chown, chown), (_utime, utime)):
        for supports in (os.supports_follow_symlinks, os.supports_dir_fd, os.supports_fd):
            if original in supports:
                supports.add(replacement)
    os.chown = chown
    os.lchown = lchown
    os.utime = utime
