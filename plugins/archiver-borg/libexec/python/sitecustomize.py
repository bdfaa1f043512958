"""Loaded at start-up by every borg command pullbak runs with this directory
on PYTHONPATH (src/borg-command.ts; inside a chroot that is the client's
python). It installs only the patches named in PULLBAK_BORG_PATCHES
(comma-separated), so a command gets exactly the changes made for it:

- symlink-metadata: `borg extract` through sshfs (pullbak_symlink_metadata.py);
- files-cache-first: `borg create` looks a file up in its files cache before
  opening it (pullbak_files_cache_first.py, issue 16);
- special-files: `borg create` names each device node and out-of-range mtime
  it cannot archive as it is (pullbak_special_files.py, issue 15);
- serve-channel: the client's borg opens the serve channel's FIFOs itself
  instead of starting BORG_RSH's relay (pullbak_serve_channel.py, issue 10);
- background-selftest: `borg create` runs borg's self-test in a child process
  beside the backup and commits nothing before it passed
  (pullbak_background_selftest.py).

An unknown name is ignored: a newer pullbak may pass names this one lacks.
"""
import os

_patches = set(filter(None, os.environ.get("PULLBAK_BORG_PATCHES", "").split(",")))

if "symlink-metadata" in _patches:
    import pullbak_symlink_metadata

    pullbak_symlink_metadata.install()

if "files-cache-first" in _patches:
    import pullbak_files_cache_first

    pullbak_files_cache_first.install()

if "special-files" in _patches:
    import pullbak_special_files

    pullbak_special_files.install()

if "serve-channel" in _patches:
    import pullbak_serve_channel

    pullbak_serve_channel.install()

if "background-selftest" in _patches:
    import pullbak_background_selftest

    pullbak_background_selftest.install()
