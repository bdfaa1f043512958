"""Patch "files-cache-first" (issue 16): `borg create` looks a regular file up
in its files cache with the status from the directory scan, and opens the
file only when the cache does not know it unchanged, as borg 1.1 did.

borg 1.2 opens every file, fstat()s it and closes it before it looks the file
up (FilesystemObjectProcessors.process_file in borg/archive.py). Through sshfs
that is an SFTP OPEN, LSTAT and CLOSE per file, three round trips that decide
nothing for an unchanged file: the scan's lstat already carries the size and
the mtime (sshfs's ctime is its mtime) that `--files-cache ctime,size`
compares, and it comes from sshfs's directory cache, free.

The fast path is taken only where it records exactly what stock borg would:
- a regular file, not hard-linked (st_nlink 1), on borg's normal path (not
  --read-special), with --noflags (pullbak's default: reading flags needs an
  open file);
- in a directory whose file system has no extended attributes at all: the
  directory fd borg already holds answers flistxattr() with ENOTSUP, as sshfs
  does. There a file has neither xattrs nor ACLs, which is what stock borg
  would read from the open file. Anywhere else (a local file system) the
  stock code runs, where an open is cheap anyway;
- the files cache knows the file unchanged (the same call stock borg makes,
  with the scan's status) and every chunk it lists is in the repository.
Every other file goes through borg's own process_file, untouched.

It reads nothing borg would not and opens nothing: no path is resolved, no
link can be followed (flistxattr on borg's own directory fd). What is lost is
borg 1.2's check that the file did not change between the scan and the open,
for files taken from the cache only; a change after the scan is seen by the
next run, as with borg 1.1.

Gated to the borg versions it was checked against (VERIFIED_VERSIONS): any
other version runs stock borg. Either way the first `borg create` step says
which, as a log line pullbak shows with --verbose.
"""
import errno
import os
import stat

from pullbak_say import say

#: borg versions whose process_file this patch was checked against, line by line.
VERIFIED_VERSIONS = frozenset({"1.2.4"})

_NAME = "pullbak.files_cache_first"


def is_verified(version):
    """True when the patch was written for this borg version (exact match, e.g. "1.2.4")."""
    return isinstance(version, str) and version in VERIFIED_VERSIONS


def _say(message):
    say(_NAME, message)


def _no_xattrs_here(parent_fd):
    """True when the file system of the directory borg has open supports no extended attributes."""
    try:
        os.listxattr(parent_fd)
    except OSError as error:
        return error.errno in (errno.ENOTSUP, errno.EOPNOTSUPP)
    return False


#: Regular files taken from the files cache without an open, and those borg's own code processed.
_counts = {"cached": 0, "stock": 0}


def _report():
    """At exit: how many files the fast path took (pullbak shows it with --verbose)."""
    if _counts["cached"] or _counts["stock"]:
        _say(f"files-cache-first: {_counts['cached']} unchanged files taken from the files cache without an open, {_counts['stock']} processed by borg")


def _patch(archive):
    """Replaces FilesystemObjectProcessors.process_file in module borg.archive."""
    import atexit

    atexit.register(_report)
    processors = archive.FilesystemObjectProcessors
    stock = processors.process_file
    flags_normal = archive.flags_normal
    safe_encode = archive.safe_encode

    def unchanged_chunks(self, path, parent_fd, st, cache, flags):
        """The files cache's chunks for an unchanged file the fast path may take, or None."""
        if flags is not flags_normal or parent_fd is None:
            return None
        if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1:
            return None
        collector = self.metadata_collector
        if not collector.noflags:
            return None
        if not (collector.noxattrs and collector.noacls) and not _no_xattrs_here(parent_fd):
            return None
        hashed_path = safe_encode(os.path.join(self.cwd, path))
        path_hash = self.key.id_hash(hashed_path)
        known, ids = cache.file_known_and_unchanged(hashed_path, path_hash, st)
        if ids is None:
            return None
        for id_ in ids:
            if not cache.seen_chunk(id_):
                return None  # stock borg reads the file again ('M')
        return ids

    def process_file(self, *, path, parent_fd, name, st, cache, flags=flags_normal):
        ids = unchanged_chunks(self, path, parent_fd, st, cache, flags)
        if ids is None:
            _counts["stock"] += 1
            return stock(self, path=path, parent_fd=parent_fd, name=name, st=st, cache=cache, flags=flags)
        _counts["cached"] += 1
        # What stock borg does for an unchanged file, in the same order, with the scan's status.
        with self.create_helper(path, st, None) as (item, status, hardlinked, hardlink_master):
            item.update(self.metadata_collector.stat_simple_attrs(st))
            chunks = [cache.chunk_incref(id_, self.stats) for id_ in ids]
            self.print_file_status("U", path)
            item.hardlink_master = hardlinked
            item.chunks = chunks
            self.stats.nfiles += 1
            # No flags (--noflags), and the file system has no xattrs or ACLs: stat_ext_attrs adds nothing.
            item.get_size(memorize=True)
            return None

    process_file.__doc__ = stock.__doc__
    processors.process_file = process_file


def _announce(archive, message):
    """Says MESSAGE once, when borg create sets up (after its logging is, before any file)."""
    processors = archive.FilesystemObjectProcessors
    init = processors.__init__
    said = []

    def announcing_init(self, *args, **kwargs):
        init(self, *args, **kwargs)
        if not said:
            said.append(True)
            _say(message)

    processors.__init__ = announcing_init


def apply(archive, version):
    """Patches module ARCHIVE (borg.archive) when VERSION is verified; announces which way it went."""
    if is_verified(version):
        _patch(archive)
        _announce(archive, f"files-cache-first on (borg {version}): a file is opened only when the files cache does not know it unchanged (issue 16)")
    else:
        verified = ", ".join(sorted(VERIFIED_VERSIONS))
        _announce(archive, f"files-cache-first off: borg {version} is not a version it was checked against ({verified}); stock borg behaviour")


def install():
    """Arranges for borg.archive to be patched when it is imported (borg is not loaded yet here)."""
    from pullbak_after_import import after_import

    def _apply(module):
        import borg

        apply(module, getattr(borg, "__version__", None))

    after_import("borg.archive", _apply)
