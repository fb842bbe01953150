"""One entry point for every format: :func:`read_stream` checks the size, detects the format from
the content, and hands the file to its reader under a deadline.

Whatever goes wrong comes back as a :class:`~yusuan.read.limits.ReadError` whose message names the
file and says in Chinese what is wrong — a library's exception (a damaged ZIP, a broken PDF
cross-reference table, an XML error) is never shown as a traceback.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from yusuan.oserror import describe
from yusuan.read.detect import detect_format
from yusuan.read.formats.docx import read_docx
from yusuan.read.formats.html import read_html
from yusuan.read.formats.pdf import read_pdf
from yusuan.read.formats.text import read_text
from yusuan.read.formats.xlsx import read_xls, read_xlsx
from yusuan.read.limits import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_PAGES,
    DEFAULT_TIMEOUT,
    MAX_MARKUP_BYTES,
    Deadline,
    OverLimit,
    ReadError,
    size_text,
    too_large,
)
from yusuan.read.stream import Stream

# formats as messages and pages name them
FORMAT_NAMES = {"text": "文本", "html": "HTML", "docx": "DOCX", "xlsx": "XLSX", "xls": "XLS", "pdf": "PDF"}


def read_stream(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pages: int = DEFAULT_MAX_PAGES,
    timeout: float = DEFAULT_TIMEOUT,  # float-ok: seconds
) -> Stream:
    """Read any supported file into a stream; every failure is a ReadError (Chinese message)."""
    path = Path(path)
    name = str(path)
    deadline = Deadline(timeout, name)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ReadError(f"文件不存在：{name}", name) from None
    except OSError as error:
        raise ReadError(f"无法打开文件（{describe(error)}）：{name}", name) from None
    if path.is_dir():
        raise ReadError(f"这是一个文件夹，不是文件：{name}", name)
    if size > max_bytes:
        raise too_large(size, max_bytes, name)
    try:
        fmt = detect_format(path)
    except ReadError:
        raise
    except Exception as error:
        raise ReadError(f"无法识别文件格式（{type(error).__name__}）：{name}", name) from None
    label = FORMAT_NAMES[fmt]
    if fmt in ("text", "html") and size > MAX_MARKUP_BYTES:
        what = "文本文件" if fmt == "text" else "HTML 文件"
        limit = size_text(MAX_MARKUP_BYTES)
        raise OverLimit(f"{what}过大（{size_text(size)}，此格式上限 {limit}），未读取：{name}", name)
    try:
        deadline.check("开头")
        if fmt == "pdf":
            return read_pdf(path, deadline, max_pages=max_pages)
        if fmt == "docx":
            return read_docx(path, deadline)
        if fmt == "xlsx":
            return read_xlsx(path, deadline, max_pages=max_pages)
        if fmt == "xls":
            return read_xls(path, deadline, max_pages=max_pages)
        if fmt == "html":
            return read_html(path, deadline)
        return read_text(path, deadline)
    except ReadError:
        raise
    except zipfile.BadZipFile:
        raise ReadError(f"{label} 文件已损坏或不完整：{name}", name) from None
    except MemoryError:
        raise ReadError(f"{label} 文件太大，内存不足以读取：{name}", name) from None
    except RecursionError:
        raise ReadError(f"{label} 文件结构嵌套过深，无法读取：{name}", name) from None
    except (UnicodeError, ValueError, KeyError, IndexError, TypeError, AttributeError, EOFError) as error:
        raise ReadError(
            f"{label} 文件已损坏或格式异常，无法读取（{type(error).__name__}）：{name}", name
        ) from None
    except OSError as error:
        raise ReadError(f"读取 {label} 文件时出错（{describe(error)}）：{name}", name) from None
    except Exception as error:
        raise ReadError(f"{label} 文件无法读取（{type(error).__name__}）：{name}", name) from None


__all__ = [
    "ReadError",
    "read_docx",
    "read_html",
    "read_pdf",
    "read_stream",
    "read_text",
    "read_xls",
    "read_xlsx",
]
