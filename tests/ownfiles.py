"""yusuan's own files of the test budgets — a budget built in a layout and written in one format —
written once per test run and shared by every test that only reads them (the ``own_file`` fixture
of tests/conftest.py).

Rendering a PDF or DOCX is among the slowest things the suite does, and many test files read the
same file (the Korla example in its own layout, above all). Each file is written the first time a
test asks for it, into a folder of the run: the run's temporary folder, which the xdist workers of
one run share (a lock per file: the second worker waits for the first instead of writing it again).
Nothing is kept from one run to the next, so nothing can be stale.

A test that changes a file copies it first (into its ``tmp_path``).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from rulekit import built
from yusuan.render.output import write_outputs

FORMATS = ("docx", "pdf", "html", "xlsx")


def run_folder(basetemp: Path) -> Path:
    """The folder the whole run shares: an xdist worker's temporary folder is one of the run's."""
    return basetemp.parent if os.environ.get("PYTEST_XDIST_WORKER") else basetemp


class OwnFiles:
    """The files of one run, by (budget source, layout, format)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.known: dict[tuple[Path, str, str], Path] = {}

    def __call__(self, source: Path, layout: str, fmt: str) -> Path:
        """The budget at ``source`` built in ``layout``, written as ``fmt`` (do not change it)."""
        assert fmt in FORMATS, fmt
        key = (source, layout, fmt)
        if key not in self.known:
            self.known[key] = self._write(source, layout, fmt)
        return self.known[key]

    def _write(self, source: Path, layout: str, fmt: str) -> Path:
        name = f"{source.parent.name}-{source.name}-{layout}-{fmt}".replace("/", "_")
        folder = self.folder / name
        done = self.folder / f"{name}.done"  # holds the file's path once it is written
        with open(self.folder / f"{name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # another worker writing it: wait for it
            try:
                if not done.is_file():
                    (written,) = write_outputs(built(source, layout), folder, [fmt])
                    done.write_text(str(written.path), encoding="utf-8")
                return Path(done.read_text(encoding="utf-8"))
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


class Formats(Mapping[str, Path]):
    """One built document's files by format (``files["pdf"]``), each written when first asked for."""

    def __init__(self, files: OwnFiles, source: Path, layout: str) -> None:
        self.files, self.source, self.layout = files, source, layout

    def __getitem__(self, fmt: str) -> Path:
        return self.files(self.source, self.layout, fmt)

    def __iter__(self) -> Iterator[str]:
        return iter(FORMATS)

    def __len__(self) -> int:
        return len(FORMATS)
