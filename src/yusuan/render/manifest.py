"""The build manifest (``yusuan-build.json``): what yusuan wrote into an output folder, by SHA-256.

It is written atomically (beside it, then renamed) and only while the folder's lock is held. A
file about to be renamed into place is first recorded as ``pending`` with its new digest and
moved to ``files`` once in place, so a build stopped between the two steps, even by SIGKILL,
leaves a file the next build still recognises as its own.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from yusuan.atomic import write_atomic

MANIFEST = "yusuan-build.json"
# The findings report a build writes beside the documents (<stem>-核对报告.html / .json), named
# like `yusuan check --html` and `--json` output.
REPORT_HTML = "核对报告.html"
REPORT_JSON = "核对报告.json"
LOCK = ".yusuan-build.lock"
# Every temporary a build leaves in the folder: its outputs (".yusuan-build-k2j4x9_a.tmp.pdf")
# and the manifest's own (write_atomic names it ".<stem>-<random>.tmp", stem "yusuan-build").
TEMPORARY_PREFIX = ".yusuan-build-"
_TEMPORARY = re.compile(r"\.yusuan-build-[a-z0-9_]+\.tmp(\.[a-z]+)?")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def is_temporary(name: str, stems: Iterable[str] = ()) -> bool:
    """Whether ``name`` is a build's temporary; with ``stems``, also one named the way earlier
    builds named them (".<stem>.<8 random>.<fmt>"), which a killed build left for good."""
    if _TEMPORARY.fullmatch(name) is not None:
        return True
    return any(
        re.fullmatch(rf"\.{re.escape(stem)}\.[a-z0-9_]{{8}}\.(?:docx|pdf|html|xlsx)", name) for stem in stems
    )


def remove_stale_temporaries(directory: Path, stems: Iterable[str] = ()) -> list[str]:
    """Remove the temporaries a killed build left (those of earlier versions for the file names
    ``stems``); only safe while holding the folder's lock."""
    removed = []
    with os.scandir(directory) as entries:
        for entry in entries:
            if is_temporary(entry.name, stems) and entry.is_file(follow_symlinks=False):
                Path(entry.path).unlink(missing_ok=True)
                removed.append(entry.name)
    return removed


def _read(directory: Path) -> tuple[dict[str, str], dict[str, str]]:
    try:
        data = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        return (
            {str(k): str(v) for k, v in data.get("files", {}).items()},
            {str(k): str(v) for k, v in data.get("pending", {}).items()},
        )
    except (OSError, ValueError, AttributeError):
        return {}, {}


@dataclass
class Manifest:
    """The files of one output folder that yusuan wrote, and their digests."""

    directory: Path
    files: dict[str, str] = field(default_factory=dict)
    pending: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, directory: Path) -> Manifest:
        """The folder's manifest, with what an interrupted build left pending settled: a pending
        file that is in place counts as written, any other pending entry is dropped."""
        files, pending = _read(directory)
        for name, expected in pending.items():
            path = directory / name
            if path.is_file() and digest(path) == expected:
                files[name] = expected
        return cls(directory, files)

    def knows(self, path: Path) -> bool:
        """Whether ``path`` is exactly as yusuan last wrote it."""
        return self.files.get(path.name) == digest(path)

    def save(self) -> None:
        data: dict[str, object] = {"generator": "yusuan", "files": self.files}
        if self.pending:
            data["pending"] = self.pending
        write_atomic(self.directory / MANIFEST, json.dumps(data, ensure_ascii=False, indent=2))
