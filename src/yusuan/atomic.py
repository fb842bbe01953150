"""Writing a text file so that no reader ever sees half of it: write beside it, then rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def make_ordinary(path: Path) -> None:
    """Give a file made by ``tempfile.mkstemp`` (mode 0600) the mode ``open`` would have given."""
    os.chmod(path, 0o666 & ~_umask())


def write_atomic(target: Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``target`` (creating its folder); an interrupted write leaves the old
    file, or none, never a torn one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            handle.write(text)
        make_ordinary(Path(tmp))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
