"""Files uploaded to be checked: each upload in a folder of its own under the data folder
(``uploads/<id>``, the id random and unguessable), the files under numbered names — never the
name the user gave, which is kept for display only — and removed a day later.

The size limit is the reader's (``yusuan.read.limits``), enforced while the file is copied, so an
oversized upload is refused before it is stored whole."""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from yusuan.atomic import write_atomic
from yusuan.read import limits

KEEP_SECONDS = 24 * 3600  # an upload and its result are kept for a day
_ID = re.compile(r"^[A-Za-z0-9_-]{22,64}$")
_SUFFIXES = frozenset({".pdf", ".docx", ".xlsx", ".xls", ".html", ".htm", ".txt", ".md"})
_CHUNK = 1024 * 1024
META = "upload.json"
RESULT = "result.json"


@dataclass(frozen=True)
class Stored:
    """One stored file: where it lies, and the name the user gave it (for display)."""

    path: Path
    name: str


def root(data_dir: Path) -> Path:
    return data_dir / "uploads"


def new_id() -> str:
    return secrets.token_urlsafe(24)


def folder(data_dir: Path, upload_id: str) -> Path | None:
    """The folder of upload ``upload_id``, or None when the id is malformed or unknown."""
    if not _ID.match(upload_id):
        return None
    path = root(data_dir) / upload_id
    return path if (path / META).is_file() else None


def shown_name(filename: str | None, number: int) -> str:
    """The name to show for an uploaded file: its last path component, bounded; never a path."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    name = "".join(ch for ch in name if ch.isprintable())[:120]
    return name or f"文件{number}"


def stored_name(filename: str | None, number: int) -> str:
    """The file's name on disk: its number, with the user's extension where it is one the reader
    knows (the reader tells formats by content; the extension only breaks ties)."""
    suffix = Path((filename or "").replace("\\", "/")).suffix.lower()
    return f"{number}{suffix if suffix in _SUFFIXES else ''}"


def copy_limited(source: IO[bytes], target: Path, name: str, max_bytes: int) -> None:
    """Copy ``source`` to ``target``; an OverLimit (the reader's words) once it passes ``max_bytes``."""
    size = 0
    with target.open("wb") as out:
        while chunk := source.read(_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise limits.too_large(size, max_bytes, name)
            out.write(chunk)


def store(data_dir: Path, files: Iterable[tuple[str | None, IO[bytes]]]) -> tuple[str, list[Stored]]:
    """Store the uploaded files (name as given, contents) in a new upload folder; its id and files.
    A file over the reader's size limit raises its OverLimit, and nothing is kept."""
    max_bytes = limits.DEFAULT_MAX_BYTES  # looked up now: the reader's limit as it stands
    upload_id = new_id()
    path = root(data_dir) / upload_id
    path.mkdir(parents=True, mode=0o700)
    stored: list[Stored] = []
    try:
        for number, (filename, source) in enumerate(files, start=1):
            shown = shown_name(filename, number)
            target = path / stored_name(filename, number)
            copy_limited(source, target, shown, max_bytes)
            stored.append(Stored(target, shown))
        write_atomic(path / META, json.dumps({"created": time.time(), "files": [s.name for s in stored]}))
    except BaseException:
        remove(data_dir, upload_id)
        raise
    return upload_id, stored


def remove(data_dir: Path, upload_id: str) -> None:
    if _ID.match(upload_id):
        shutil.rmtree(root(data_dir) / upload_id, ignore_errors=True)


def purge(data_dir: Path, now: float | None = None) -> int:  # float-ok: epoch seconds
    """Remove the uploads older than a day (and folders left without their record); how many."""
    now = time.time() if now is None else now
    removed = 0
    base = root(data_dir)
    if not base.is_dir():
        return 0
    for path in base.iterdir():
        if not path.is_dir() or not _ID.match(path.name):
            continue
        try:
            record = json.loads((path / META).read_text(encoding="utf-8"))
            created = float(record["created"])  # float-ok: epoch seconds
        except (OSError, ValueError, KeyError, TypeError):
            created = path.stat().st_mtime  # being written, or broken: judged by its age
        if now - created > KEEP_SECONDS:
            shutil.rmtree(path, ignore_errors=True)
            removed += 1
    return removed


def save_result(path: Path, result: dict[str, Any]) -> None:
    write_atomic(path / RESULT, json.dumps(result, ensure_ascii=False, default=str))


def load_result(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((path / RESULT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
