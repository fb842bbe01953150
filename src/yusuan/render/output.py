"""Write a document in several formats into a folder, never overwriting a person's own files.

A manifest (``yusuan-build.json``) records what yusuan wrote and the SHA-256 of each file. A
file that exists and is not in the manifest, or whose content changed since yusuan wrote it
(someone edited the DOCX, say), is not overwritten unless ``force`` is given.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from yusuan.model.document import Document

MANIFEST = "yusuan-build.json"
FORMATS = ("docx", "pdf", "html", "xlsx")


class OutputError(Exception):
    """Output that cannot be written; the message is in Chinese."""


@dataclass(frozen=True)
class Written:
    format: str
    path: Path
    size: int
    seconds: float  # float-ok: elapsed time, not money


def _render(fmt: str) -> Callable[[Document, Path], None]:
    # Imported on demand: each renderer pulls in its own library.
    if fmt == "docx":
        from yusuan.render.docx import render_docx

        return render_docx
    if fmt == "pdf":
        from yusuan.render.pdf import render_pdf

        return render_pdf
    if fmt == "html":
        from yusuan.render.html import render_html

        def write_html(document: Document, path: Path) -> None:
            path.write_text(render_html(document), encoding="utf-8")

        return write_html
    if fmt == "xlsx":
        from yusuan.render.xlsx import render_xlsx

        return render_xlsx
    raise OutputError(f"不支持的输出格式“{fmt}”；可用格式：{'、'.join(FORMATS)}")


def parse_formats(text: str) -> list[str]:
    formats = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown or not formats:
        raise OutputError(
            f"不支持的输出格式：{'、'.join(unknown) or '（空）'}；可用格式：{'、'.join(FORMATS)}"
        )
    return list(dict.fromkeys(formats))


def file_stem(document: Document) -> str:
    """A file name from the document title, safe on every file system."""
    return re.sub(r'[\\/:*?"<>|\s]+', "", document.title) or f"预算公开{document.year}"


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _manifest(directory: Path) -> dict[str, str]:
    try:
        data = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        return {str(k): str(v) for k, v in data.get("files", {}).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def write_outputs(
    document: Document,
    directory: Path,
    formats: Iterable[str],
    force: bool = False,
    on_start: Callable[[str, Path], None] | None = None,
    on_done: Callable[[Written], None] | None = None,
) -> list[Written]:
    """Render ``document`` in each format into ``directory``; return what was written."""
    formats = list(formats)
    if directory.exists() and not directory.is_dir():
        raise OutputError(f"输出位置 {directory} 已存在且不是文件夹")
    directory.mkdir(parents=True, exist_ok=True)
    known = _manifest(directory)
    targets = {fmt: directory / f"{file_stem(document)}.{fmt}" for fmt in formats}
    if not force:
        foreign = [
            path.name for path in targets.values() if path.exists() and known.get(path.name) != _digest(path)
        ]
        if foreign:
            raise OutputError(
                f"以下文件已存在，且不是 yusuan 上次生成的原样文件（可能被人修改过）：{'、'.join(foreign)}。"
                "为免覆盖，未生成任何文件；请换一个输出文件夹，或加 --force 覆盖"
            )
    written = []
    for fmt, path in targets.items():
        if on_start:
            on_start(fmt, path)
        started = time.perf_counter()
        # Write beside the target, then rename: an interrupted build never leaves half a file.
        handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".{fmt}", dir=directory)
        os.close(handle)
        try:
            _render(fmt)(document, Path(temporary))
            os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        known[path.name] = _digest(path)
        item = Written(fmt, path, path.stat().st_size, time.perf_counter() - started)
        written.append(item)
        if on_done:
            on_done(item)
    (directory / MANIFEST).write_text(
        json.dumps({"generator": "yusuan", "files": known}, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return written
