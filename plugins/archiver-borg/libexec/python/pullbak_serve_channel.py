"""Patch "serve-channel" (issue 10's performance gate), loaded by
sitecustomize.py in the CLIENT's borg (isolation chroot): borg opens the
serve channel's two FIFOs itself instead of starting BORG_RSH.

The client's borg reaches its repository only through the server's `borg
serve`, over two FIFOs (plugins/isolation-chroot). Stock borg talks to a
command it starts (BORG_RSH): there, the client's own sh and two cats
relaying between borg's pipes and the FIFOs, so every chunk a backup puts,
and every answer, passes through one more process each way. Here
RemoteRepository gets the FIFOs themselves in place of that process's
pipes (PULLBAK_SERVE_TO_SERVER, PULLBAK_SERVE_FROM_SERVER). What travels
is the same, byte for byte; only the relay is gone.

borg 1.2's RemoteRepository (borg/remote.py) starts BORG_RSH with
`Popen(borg_cmd, bufsize=0, stdin=PIPE, stdout=PIPE, stderr=PIPE, env=env,
preexec_fn=ignore_sigint)` and then uses only the three pipes' fileno(), the
stdin and stdout pipes' close() and the process's wait(); this patch gives
it an object with exactly those. stderr is a pipe of its own whose writer
stays open until wait(), so it neither reads end-of-file (borg takes that
for a lost connection) nor ever has data: borg serve's messages reach
pullbak through the serve's own stderr.

With the channel open, two per-call costs of RemoteRepository go too,
measured on the 2-vCPU benchmark machine (docs/benchmarks.md, "The issue 10
gate"):
- every read from the server asks for borg's BUFSIZE, 10 MiB: Python
  allocates a fresh 10 MiB buffer for it (the allocator maps it, the kernel
  zeroes what the read touches), then shrinks and frees it. A 100-byte read
  asking for 10 MiB took 74 us there, asking for 64 KiB 3 us; borg reads
  about once per chunk put. Reads here ask for READ_BYTES;
- every `put` (one per chunk) runs borg's @api wrapper, which takes
  `inspect.signature` of the method and binds the arguments anew, about
  50 us. `put(id, data, wait)` has one form in borg 1.2, so the call is
  made directly, with the same arguments the wrapper sends.

Gated to the borg versions it was checked against (VERIFIED_VERSIONS); any
other version starts the relay as stock borg does. Either way borg says
which, as a log line pullbak shows with --verbose. Opens only the two paths
named, no link followed, and nothing else; it starts no process.
"""
import os
import stat

from pullbak_say import say

#: borg versions whose remote.py use of Popen this patch was checked against.
VERIFIED_VERSIONS = frozenset({"1.2.4"})

TO_SERVER = "PULLBAK_SERVE_TO_SERVER"
FROM_SERVER = "PULLBAK_SERVE_FROM_SERVER"
_NAME = "pullbak.serve_channel"

#: Bytes asked for per read from the server: a default pipe's size, below
#: glibc's smallest mmap threshold (128 KiB), so the heap serves every read.
READ_BYTES = 64 * 1024


def _say(message):
    say(_NAME, message)


class _End:
    """A raw file over one fd, what RemoteRepository uses of Popen's pipes."""

    def __init__(self, fd, mode):
        self._file = open(fd, mode, buffering=0)

    def fileno(self):
        return self._file.fileno()

    def close(self):
        self._file.close()


def _open_fifo(path, flags):
    fd = os.open(path, flags | os.O_NOFOLLOW | os.O_CLOEXEC)
    if not stat.S_ISFIFO(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(f"{path} is not a FIFO")
    return fd


class ChannelProcess:
    """Stands in for the BORG_RSH process: its stdin and stdout are the channel's FIFOs."""

    def __init__(self, to_server, from_server):
        # The server opens its reading end first, then its writing end: the same order here.
        self.stdin = _End(_open_fifo(to_server, os.O_WRONLY), "wb")
        self.stdout = _End(_open_fifo(from_server, os.O_RDONLY), "rb")
        reader, self._stderr_writer = os.pipe2(os.O_CLOEXEC)
        self.stderr = _End(reader, "rb")
        self.returncode = None

    def poll(self):
        return self.returncode

    def wait(self, timeout=None):
        if self.returncode is None:
            os.close(self._stderr_writer)
            self.stderr.close()
            self.returncode = 0
        return self.returncode


def apply(remote, version):
    """Patches module REMOTE (borg.remote) when VERSION is verified and a channel is named."""
    to_server, from_server = os.environ.get(TO_SERVER), os.environ.get(FROM_SERVER)
    if not to_server or not from_server:
        return
    if version not in VERIFIED_VERSIONS:
        verified = ", ".join(sorted(VERIFIED_VERSIONS))
        _say(f"serve-channel off: borg {version} is not a version it was checked against ({verified}); the channel's relay is started")
        return
    stock_popen = remote.Popen

    def popen(args, *more, **options):
        # Only RemoteRepository's BORG_RSH start goes through remote.Popen; anything else stays stock.
        if options.get("stdin") is remote.PIPE and options.get("stdout") is remote.PIPE and options.get("stderr") is remote.PIPE:
            return ChannelProcess(to_server, from_server)
        return stock_popen(args, *more, **options)

    remote.Popen = popen
    remote.BUFSIZE = READ_BYTES

    def put(self, id, data, wait=True):
        # What borg 1.2's @api wrapper sends for put: both arguments by name, `wait` kept local.
        return self.call("put", {"id": id, "data": data}, wait=wait)

    remote.RemoteRepository.put = put
    _say(f"serve-channel on (borg {version}): the serve channel's FIFOs are opened directly, no relay (issue 10)")


def install():
    """Arranges for borg.remote to be patched when it is imported (borg is not loaded yet here)."""
    from pullbak_after_import import after_import

    def _apply(module):
        import borg

        apply(module, getattr(borg, "__version__", None))

    after_import("borg.remote", _apply)
