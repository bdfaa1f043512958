"""Patch "background-selftest": `borg create` runs borg's self-test in a
child process beside the backup instead of before it, and commits nothing
until the self-test has passed.

borg 1.2 runs its self-test (borg/selftest.py: hash index, crypto and
chunker test cases, 33 tests) at the start of every command, before anything
else: about 0.3 s of one CPU on the benchmark machine, on the critical path
of every backup, full or unchanged (docs/benchmarks.md, "The issue 10
gate"). borg's docs let large installations switch it off after a one-time
test (BORG_SELFTEST=disabled); pullbak keeps it on every run and moves it
off the critical path instead:

- where borg's prerun checks call selftest(), the process forks; the child
  runs borg's own selftest() and exits with its verdict (0, or 2 with borg's
  own error lines on stderr), ignoring SIGINT so that a Ctrl-C checkpoint is
  not refused for a test it interrupted; the parent goes on with the backup;
- before the first repository commit (the archive, or a checkpoint), the
  parent waits for the child. A self-test that failed raises SelfTestFailed
  there (borg's Error: exit 2, its message; borg's own lines, logged by the
  child, name the failed tests), so borg rolls back and no archive is
  committed, as when the self-test fails up front;
- a parent that ends without committing kills and reaps the child at exit.

What changes is only the order: the backup's reading starts before the
verdict, which still decides whether anything is committed. If the process
cannot fork, the self-test runs in place, as stock borg runs it.

Gated to the borg versions it was checked against (VERIFIED_VERSIONS): any
other version runs its self-test as installed. Either way borg says which,
as a log line pullbak shows with --verbose.
"""
import atexit
import os
import signal
import sys

from pullbak_say import say

#: borg versions whose prerun_checks and commit points this patch was checked against.
VERIFIED_VERSIONS = frozenset({"1.2.4"})

_NAME = "pullbak.background_selftest"

#: The child running the self-test: {"pid": int} until it is reaped, then {"code": int}.
_child = {}


def _say(message):
    say(_NAME, message)


def _run_in_child(selftest, logger):
    """In the forked child: borg's self-test, then exit with its verdict, never returning."""
    code = 2
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for name in ("SIGTERM", "SIGHUP"):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
        selftest(logger)
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 2
    except BaseException as error:  # noqa: BLE001 - any failure of the test is a failed test
        try:
            logger.error("self test could not run: %s", error)
        except Exception:  # noqa: BLE001
            pass
    finally:
        try:
            sys.stderr.flush()
        finally:
            os._exit(code)


def _start(selftest, logger):
    """Forks the self-test off; runs it in place when it cannot fork."""
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError:
        selftest(logger)
        return
    if pid == 0:
        _run_in_child(selftest, logger)
    _child["pid"] = pid


def _verdict():
    """Waits for the child (once); its exit code, 0 when none was started."""
    pid = _child.pop("pid", None)
    if pid is not None:
        _, status = os.waitpid(pid, 0)
        _child["code"] = os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)
    return _child.get("code", 0)


def _end_child():
    """At exit without a commit: the child is not waited for, only ended and reaped."""
    pid = _child.pop("pid", None)
    if pid is None:
        return
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
    try:
        os.waitpid(pid, 0)
    except OSError:
        pass


def apply(archiver, remote, repository, errors, version):
    """Patches borg.archiver's selftest and both repositories' commit when VERSION is verified."""
    if not (isinstance(version, str) and version in VERIFIED_VERSIONS):
        verified = ", ".join(sorted(VERIFIED_VERSIONS))
        _say(f"background-selftest off: borg {version} is not a version it was checked against ({verified}); the self-test runs first")
        return
    stock_selftest = archiver.selftest

    class SelfTestFailed(errors.Error):
        """borg's self-test failed (exit {}): borg, its package, the OS or the hardware is at fault; nothing was committed."""

    def selftest(logger):
        if os.environ.get("BORG_SELFTEST") == "disabled":
            return stock_selftest(logger)
        _start(stock_selftest, logger)

    def committing_after_verdict(commit):
        def commit_after_selftest(self, *args, **kwargs):
            code = _verdict()
            if code != 0:
                raise SelfTestFailed(code)
            return commit(self, *args, **kwargs)

        return commit_after_selftest

    archiver.selftest = selftest
    remote.RemoteRepository.commit = committing_after_verdict(remote.RemoteRepository.commit)
    repository.Repository.commit = committing_after_verdict(repository.Repository.commit)
    atexit.register(_end_child)
    _say(f"background-selftest on (borg {version}): borg's self-test runs beside the backup; nothing is committed before it passed")


def install():
    """Arranges for borg.archiver to be patched when it is imported (borg is not loaded yet here)."""
    from pullbak_after_import import after_import

    def _apply(archiver):
        import borg
        import borg.helpers
        import borg.remote
        import borg.repository

        apply(archiver, borg.remote, borg.repository, borg.helpers, getattr(borg, "__version__", None))

    after_import("borg.archiver", _apply)
