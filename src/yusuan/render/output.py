"""Write a document in several formats into a folder, never overwriting a person's own files.

A manifest (``yusuan-build.json``) records what yusuan wrote and the SHA-256 of each file. A
file that exists and is not in the manifest, or whose content changed since yusuan wrote it
(someone edited the DOCX, say), is not overwritten unless ``force`` is given.

Beside the documents a build may write text files of its own (the findings report of the
document, see ``yusuan build``): they are written, recorded and protected the same way.

A build survives being stopped: every file is rendered to a temporary in the folder and renamed
into place, the manifest records each file as soon as it is in place, and the temporaries are
removed on any error, Ctrl-C or SIGTERM (those of a build killed outright are removed by the
next build of the folder). Builds into one folder take turns under a lock on a file in it.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from yusuan.atomic import make_ordinary
from yusuan.folderlock import FolderBusy, folder_lock
from yusuan.model.document import Document
from yusuan.model.fields import CONTROL_CHARACTERS
from yusuan.render.manifest import (
    LOCK,
    MANIFEST,
    TEMPORARY_PREFIX,
    Manifest,
    digest,
    remove_stale_temporaries,
)

FORMATS = ("docx", "pdf", "html", "xlsx")
NAME_MAX = 255  # bytes of a file name on ext4 and APFS (NTFS counts UTF-16 units, more lenient)
LOCK_TIMEOUT = 300  # seconds a build waits for another build of the same folder
_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


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


def extra_name(stem: str, suffix: str) -> str:
    """The file name of a text written beside the documents (``<stem>-核对报告.html``)."""
    return f"{stem}-{suffix}"


def check_renderable(document: Document, targets: dict[str, Path], texts: Iterable[Path] = ()) -> None:
    """Refuse, before any file is written, what would make a renderer fail halfway."""
    for path in [*targets.values(), *texts]:
        if path.exists() and not path.is_file():
            raise OutputError(
                f"输出文件的位置 {path} 已被一个文件夹或其他非普通文件占用；请移走它或换一个输出文件夹"
            )
        size = len(path.name.encode("utf-8"))
        if size > NAME_MAX:
            raise OutputError(
                f"由标题“{document.title}”得出的文件名有 {size} 字节，超过多数文件系统允许的 {NAME_MAX} 字节；"
                "请缩短预算源中的单位名称"
            )
    _check_text(document.model_dump(mode="json"))
    if "pdf" in targets or ("docx" in targets and document.charts):
        from yusuan.render.typst_fonts import check_fonts

        check_fonts()  # the PDF, and the DOCX's charts, are drawn by typst with the CJK fonts


def _check_text(value: object) -> None:
    if isinstance(value, str):
        found = CONTROL_CHARACTERS.search(value)
        if found is not None:
            around = CONTROL_CHARACTERS.sub("□", value[max(0, found.start() - 20) : found.end() + 20])
            raise OutputError(
                f"文档中有不可见的控制字符（U+{ord(found.group()):04X}），DOCX 和 XLSX 无法写入："
                f"“{around}”（□ 处）。请从预算源或 --templates 的模板中删去它"
            )
    elif isinstance(value, dict):
        for item in value.values():
            _check_text(item)
    elif isinstance(value, list):
        for item in value:
            _check_text(item)


def write_outputs(
    document: Document,
    directory: Path,
    formats: Iterable[str],
    force: bool = False,
    extras: Mapping[str, str] | None = None,
    on_start: Callable[[str, Path], None] | None = None,
    on_done: Callable[[Written], None] | None = None,
    on_wait: Callable[[], None] | None = None,
    lock_timeout: float = LOCK_TIMEOUT,  # float-ok: seconds
) -> list[Written]:
    """Render ``document`` in each format into ``directory``; return what was written.

    ``extras`` maps a suffix (``"核对报告.html"``) to a text written as ``<stem>-<suffix>``
    beside the documents, under the same protection (manifest, temporaries, lock).
    Builds into one folder take turns (``on_wait`` is called when this one has to wait); each
    waits up to ``lock_timeout`` seconds, then gives up with an ``OutputError``.
    """
    if directory.exists() and not directory.is_dir():
        raise OutputError(f"输出位置 {directory} 已存在且不是文件夹")
    stem = file_stem(document)
    targets = {fmt: directory / f"{stem}.{fmt}" for fmt in formats}
    texts = {directory / extra_name(stem, suffix): text for suffix, text in (extras or {}).items()}
    check_renderable(document, targets, texts)
    directory.mkdir(parents=True, exist_ok=True)
    try:
        with folder_lock(directory / LOCK, lock_timeout, on_wait):
            return _write_locked(document, directory, targets, texts, force, on_start, on_done)
    except FolderBusy:
        raise OutputError(
            f"另一个 yusuan build 正在写入此文件夹（{directory}），等了 {lock_timeout:g} 秒仍未结束；"
            "请等它结束后再试，或换一个输出文件夹"
        ) from None


def _write_locked(
    document: Document,
    directory: Path,
    targets: dict[str, Path],
    texts: dict[Path, str],
    force: bool,
    on_start: Callable[[str, Path], None] | None,
    on_done: Callable[[Written], None] | None,
) -> list[Written]:
    remove_stale_temporaries(directory, {path.stem for path in targets.values()})
    manifest = Manifest.load(directory)
    if not force:
        every = [*targets.values(), *texts]
        foreign = [path.name for path in every if path.exists() and not manifest.knows(path)]
        if foreign:
            raise OutputError(
                f"以下文件已存在，且不是 yusuan 上次生成的原样文件（可能被人修改过）：{'、'.join(foreign)}。"
                "为免覆盖，未生成任何文件；请换一个输出文件夹，或加 --force 覆盖"
            )
    # Every format is rendered to a temporary first, so that a renderer that fails leaves the
    # folder as it was; then each is renamed into place and recorded at once.
    jobs = [*((fmt, path) for fmt, path in targets.items()), *((None, path) for path in texts)]
    rendered: dict[Path, Path] = {}  # target: its temporary
    written = []
    try:
        for kind, path in jobs:
            fmt = kind or path.suffix.lstrip(".")
            if on_start:
                on_start(fmt, path)
            started = time.perf_counter()
            handle, name = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, suffix=f".tmp.{fmt}", dir=directory)
            rendered[path] = Path(name)  # before anything else can be interrupted
            os.close(handle)
            if kind is None:
                rendered[path].write_text(texts[path], encoding="utf-8")
            else:
                _render(kind)(document, rendered[path])
            make_ordinary(rendered[path])
            item = Written(fmt, path, rendered[path].stat().st_size, time.perf_counter() - started)
            written.append(item)
            if on_done:
                on_done(item)
        _put_in_place(manifest, rendered)
    except BaseException as exc:  # an error, Ctrl-C or SIGTERM (see yusuan.termination)
        for temporary in rendered.values():
            temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.errno in _DISK_FULL:
            raise OutputError(
                f"磁盘空间不足，未能写完 {directory} 中的文件。已放好的文件已记入 {MANIFEST}，"
                "临时文件已删除；腾出空间后重新运行即可"
            ) from exc
        raise
    return written


def _put_in_place(manifest: Manifest, renames: dict[Path, Path]) -> None:
    """Rename each temporary onto its target, recording it in the manifest as it goes."""
    manifest.pending = {target.name: digest(temporary) for target, temporary in renames.items()}
    manifest.save()
    for target, temporary in renames.items():
        os.replace(temporary, target)
        manifest.files[target.name] = manifest.pending.pop(target.name)
        manifest.save()
