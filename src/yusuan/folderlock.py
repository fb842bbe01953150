"""An exclusive lock on a folder, held through an OS lock on a file in it, so that two processes
writing the same folder take turns.

The OS releases the lock when its holder dies, even by SIGKILL, so a lock is never left stale;
the lock file itself stays (removing it would race with a process that has just opened it).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

POLL_SECONDS = 0.05  # float-ok: a wait, not money


class FolderBusy(Exception):
    """Another process held the lock for longer than the caller would wait."""


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


@contextmanager
def folder_lock(
    lock_file: Path,
    timeout: float,  # float-ok: seconds
    on_wait: Callable[[], None] | None = None,
) -> Iterator[None]:
    """Hold the lock on ``lock_file`` (created if missing) for the ``with`` block.

    Waits up to ``timeout`` seconds for another holder, calling ``on_wait`` once when it starts
    waiting; raises ``FolderBusy`` when the wait runs out.
    """
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        deadline = time.monotonic() + timeout
        waited = False
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise FolderBusy(str(lock_file))
            if not waited and on_wait is not None:
                on_wait()
            waited = True
            time.sleep(POLL_SECONDS)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)
