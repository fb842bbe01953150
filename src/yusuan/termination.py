"""SIGTERM (and SIGHUP) turned into an exception, so that a stopped command cleans up after itself
as it does on Ctrl-C, instead of dying where it stands."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

EXIT_TERMINATED = 143  # 128 + SIGTERM, as a shell reports it


class Terminated(BaseException):
    """The process was asked to stop; like KeyboardInterrupt, not an error of the program."""


def _raise(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


@contextmanager
def signals_raise() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise ``Terminated``, unless ignored (only the main
    thread can set handlers; elsewhere the block runs unchanged)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    wanted = [signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])
    # A signal the caller ignores (nohup ignores SIGHUP) stays ignored.
    previous = {
        signum: signal.signal(signum, _raise)
        for signum in wanted
        if signal.getsignal(signum) is not signal.SIG_IGN
    }
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
