"""Writing a text file so that no reader ever sees half of it: write beside it, then rename."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def make_ordinary(path: Path) -> None:
    """Give a file made by ``tempfile.mkstemp`` (mode 0600) the mode ``open`` would have given."""
    os.chmod(path, 0o666 & ~_umask())


@contextmanager
def replacing(target: Path, suffix: str = ".tmp") -> Iterator[Path]:
    """A temporary file beside ``target`` (its folder created) for the block to write; when the
    block ends it replaces ``target``, and where the block fails it is removed: an interrupted
    write leaves the old file, or none, never a torn one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        make_ordinary(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(target: Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``target`` (creating its folder); an interrupted write leaves the old
    file, or none, never a torn one."""
    with replacing(target) as tmp, open(tmp, "w", encoding=encoding, newline="") as handle:
        handle.write(text)
