"""Patch "special-files" (issue 15), loaded by sitecustomize.py for `borg
create`: every special file the client has is archived as what it is, or
named in a warning (borg exit 1, so it is in the run's result) as not
archived, with the reason. Never silent.

- A block or character device that reads `0,0`: pullbak reads clients over
  SFTP, which carries a device's type but not its numbers, so every device
  reads 0,0 there. Archived, it would come back as a node with numbers
  nobody knows (a `b 7,0` restored as `b 0,0`). Left out, named. A device
  with numbers (a transport that carries them) is archived as borg does.
- A name the directory lists as neither a file, a directory nor a symlink
  that then cannot be found: in the chroot, the overlay over the client's
  mount takes SFTP's `c 0,0` for a whiteout (a deleted entry), so borg's
  stat of a character device fails with a misleading "No such file or
  directory". Named as what it almost surely is.
- A time borg cannot store: borg clamps mtimes after 2038-01-17T03:14:07
  (borg/helpers/time.py MAX_S), and a client mtime before 1970 arrives over
  SFTP (32-bit unsigned seconds) as a time after 2038. Archived as borg
  does, named.

It reads nothing borg would not (one lstat of a name borg was about to
stat), opens nothing and follows no link.
"""
import errno
import os
import stat
import time

# borg.helpers.time.MAX_S: the latest time borg stores as it is.
_MAX_S = 2 ** 31 - 1 - 48 * 3600

# Paths borg's scan listed as neither file, directory nor symlink (d_type): the only ones whose
# "not found" is taken for the chroot overlay's reading of a character device.
_listed_special = set()

_CHAR_DEVICE_HIDDEN = (
    "not archived: a special file listed by its directory but not found: a character device, whose SFTP "
    "reading c 0,0 the chroot's overlay takes for a deleted entry (or a file deleted meanwhile)"
)


def _iso(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def _late_mtime(archiver, path, st):
    if st.st_mtime > _MAX_S:
        archiver.print_warning(
            "%s: mtime %s is later than borg can store, archived as 2038-01-17T03:14:07Z "
            "(over SFTP, whose times are 32-bit unsigned, a client mtime before 1970 reads as one after 2038)",
            path,
            _iso(st.st_mtime),
        )
    elif st.st_mtime < 0:
        archiver.print_warning("%s: mtime %s is before 1970, which borg cannot store: archived as 1970-01-01T00:00:00Z", path, _iso(st.st_mtime))


def install():
    """Arranges for borg.archiver to be patched when it is imported (borg is not loaded yet here)."""
    from pullbak_after_import import after_import

    after_import("borg.archiver", _apply)


def _apply(archiver_module):
    """Wraps borg's directory scan and item dispatch (borg 1.2 archiver.py)."""
    from borg import helpers

    Archiver = archiver_module.Archiver
    original_process_any = Archiver._process_any
    original_scandir = helpers.scandir_inorder

    def _process_any(self, *, path, parent_fd, name, st, fso, cache, read_special, dry_run):
        if (stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)) and st.st_rdev == 0 and not read_special:
            kind = "character" if stat.S_ISCHR(st.st_mode) else "block"
            self.print_warning(
                "%s: not archived: a %s device whose numbers the transport does not carry (SFTP reads every device as 0,0); "
                "recreate it with mknod after a restore",
                path,
                kind,
            )
            return "x"
        if not dry_run:
            _late_mtime(self, path, st)
        return original_process_any(self, path=path, parent_fd=parent_fd, name=name, st=st, fso=fso, cache=cache, read_special=read_special, dry_run=dry_run)

    original_print_warning = Archiver.print_warning

    def print_warning(self, msg, *args):
        # borg's own per-item warning, '%s: %s' % (path, BackupOSError), for a name its scan listed.
        if msg == "%s: %s" and len(args) == 2 and args[0] in _listed_special and getattr(args[1], "errno", None) == errno.ENOENT:
            return original_print_warning(self, "%s: %s", args[0], _CHAR_DEVICE_HIDDEN)
        return original_print_warning(self, msg, *args)

    def scandir_inorder(*, path, fd=None):
        entries = original_scandir(path=path, fd=fd)
        for entry in entries:
            try:
                plain = entry.is_dir(follow_symlinks=False) or entry.is_file(follow_symlinks=False) or entry.is_symlink()
            except OSError:
                plain = True
            if not plain:
                _listed_special.add(os.path.normpath(os.path.join(path, entry.name)))
        return entries

    Archiver._process_any = _process_any
    Archiver.print_warning = print_warning
    helpers.scandir_inorder = scandir_inorder
