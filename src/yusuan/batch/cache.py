"""Results remembered by the content of a document's files, so that a rerun checks only what changed.

An entry's key is the SHA-256 of: the cache schema, yusuan's version and a fingerprint of its
installed files (a changed rule or reader invalidates every entry), the selected rules, and the
SHA-256 of each of the document's files in order. The name a file had does not count: a moved or
renamed file is still found, and its result is shown under the new name. Entries are JSON files
written atomically (a temporary file, then ``os.replace``), so an interrupted run leaves no torn
entry; an unreadable entry is a miss. The folder is marked with ``CACHEDIR.TAG`` so that backup
tools (and yusuan's own folder search) pass it over.

Default folder: ``$YUSUAN_CACHE_DIR``, else the user cache folder (platformdirs) ``/check``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import yusuan
from yusuan.atomic import write_atomic
from yusuan.batch.result import CACHEABLE, DocumentResult
from yusuan.userdirs import cache_folder

SCHEMA = 1
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n# yusuan's cache of check results (yusuan check --cache)\n"
)


def default_folder() -> Path:
    configured = os.environ.get("YUSUAN_CACHE_DIR")
    if configured:
        return Path(configured)
    return cache_folder("check")


@cache
def code_fingerprint() -> str:
    """yusuan's version and the names, sizes and times of its installed files: a development
    checkout that changed a rule without changing the version still misses the old entries."""
    package = Path(yusuan.__file__).parent
    digest = hashlib.sha256(yusuan.__version__.encode())
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            stat = path.stat()
            digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return f"{yusuan.__version__}+{digest.hexdigest()[:16]}"


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


class ResultCache:
    """Document results on disk, by the content of the files."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or default_folder()

    def key(self, files: Sequence[Path], rules: Sequence[str] | None) -> str | None:
        """The entry's key, or None when a file cannot be read (it is then checked, not cached)."""
        try:
            contents = [file_digest(path) for path in files]
        except OSError:
            return None
        identity = {
            "schema": SCHEMA,
            "code": code_fingerprint(),
            "rules": sorted(rules) if rules is not None else None,
            "files": contents,
        }
        return hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str, files: Sequence[str]) -> DocumentResult | None:
        """The remembered result, its files named as now (``files``), or None."""
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            result = DocumentResult.from_json(data)
        except (OSError, ValueError, TypeError, KeyError):
            return None
        if len(result.files) != len(files):
            return None
        result = result.renamed(dict(zip(result.files, files, strict=True)))
        result.cached = True
        return result

    def put(self, key: str, result: DocumentResult) -> None:
        """Remember a result (only one that the same bytes would give again)."""
        if result.status not in CACHEABLE:
            return
        data = {**result.to_json(), "cached": False}
        try:
            tag = self.folder / "CACHEDIR.TAG"
            if not tag.exists():
                write_atomic(tag, _TAG)
            write_atomic(self._path(key), json.dumps(data, ensure_ascii=False))
        except OSError:  # a cache that cannot be written (full, read-only) only costs a recheck
            pass
