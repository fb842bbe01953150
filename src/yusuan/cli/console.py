"""Consoles of the command line: standard error, and a spinner for slow work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console


def stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


@contextmanager
def working(console: Console, what: str, after: float = 1.0) -> Iterator[None]:  # float-ok: seconds
    """Show a spinner with the time taken (on a terminal) once the work inside has taken longer
    than ``after`` seconds; nothing for quick work."""
    import threading

    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    if not console.is_terminal:
        yield
        return
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}…"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    progress.add_task(what, total=None)
    lock, done = threading.Lock(), threading.Event()

    def show() -> None:
        with lock:
            if not done.is_set():
                progress.start()

    timer = threading.Timer(after, show)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            done.set()
            timer.cancel()
            progress.stop()
