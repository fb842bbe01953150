"""What a reader refuses, and for how long it may run.

Every failure to read a file ends as a :class:`ReadError` whose message says, in Chinese, what is
wrong and with which file ("PDF 已加密，无法读取：FILE"), never as a library traceback. The limits
keep a hostile or broken file from taking the machine: a maximum file size (smaller for text and
HTML, which are parsed whole), a maximum number of pages (sheets, for workbooks), a maximum number
of table cells per document (checked as the cells are made, and for workbooks from the XML before
the library expands them), a maximum unpacked size of a DOCX's or XLSX's XML, and a deadline per
document that the readers check inside their page, sheet, row and line loops.
"""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

from yusuan.oserror import describe

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
DEFAULT_MAX_PAGES = 1000
DEFAULT_TIMEOUT = 120.0
MAX_UNPACKED = 1024 * 1024 * 1024  # bytes a DOCX/XLSX may unpack to, pictures included (a ZIP bomb guard)
MAX_XML_UNPACKED = 128 * 1024 * 1024  # bytes of XML a DOCX/XLSX may unpack to: parsed whole, ×5 in memory
MAX_MARKUP_BYTES = 32 * 1024 * 1024  # a text or HTML file, parsed whole
# table cells in one document: the largest corpus document (262 pages) prints 27,000; each cell
# read costs about a kilobyte
MAX_CELLS = 300_000


class ReadError(Exception):
    """A file that cannot be read; the message (Chinese) says what and where."""

    def __init__(self, message: str, file: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file

    def __str__(self) -> str:
        return self.message


class OverLimit(ReadError):
    """A file refused for breaking one of these limits (size, pages, cells, unpacked size, time),
    not for being damaged or of an unknown kind: a server answers it with 413, not 400."""


def too_large(size: int, max_bytes: int, name: str) -> OverLimit:
    """The refusal of a file of ``size`` bytes over ``max_bytes``."""
    return OverLimit(f"文件过大（{size_text(size)}，上限 {size_text(max_bytes)}），未读取：{name}", name)


def size_text(count: int) -> str:
    """A byte count for messages: 1.5 MB, 12.0 KB, 300 字节."""
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    if count >= 1024:
        return f"{count / 1024:.1f} KB"
    return f"{count} 字节"


class Deadline:
    """The time a document's reading must end by; :meth:`check` raises once it has passed."""

    def __init__(self, seconds: float = DEFAULT_TIMEOUT, file: str = "") -> None:  # float-ok: seconds
        self.seconds = seconds
        self.file = file
        self.start = time.monotonic()
        self.end = self.start + seconds

    def expired(self) -> bool:
        return time.monotonic() >= self.end

    def check(self, where: str = "") -> None:
        """Raise ReadError when the deadline has passed; ``where`` names the place reached (第 3 页)."""
        if self.expired():
            place = f"，读到{where}" if where else ""
            raise OverLimit(
                f"读取超时（超过 {self.seconds:g} 秒{place}），已停止：{self.file}",
                self.file,
            )


def begin(path: str | Path, deadline: Deadline | None) -> tuple[Path, str, Deadline]:
    """What every format reader starts with: the path, its name for messages, a running deadline."""
    path = Path(path)
    name = str(path)
    deadline = deadline or Deadline(DEFAULT_TIMEOUT, name)
    deadline.check("开头")
    return path, name, deadline


def read_bytes(path: Path, name: str) -> bytes:
    """The file's bytes, or a ReadError that says why they cannot be had."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise ReadError(f"无法读取文件（{describe(error)}）：{name}", name) from None


def check_cells(count: int, name: str) -> None:
    """Refuse a document once its tables hold more than MAX_CELLS cells."""
    if count > MAX_CELLS:
        raise OverLimit(f"表格单元格超过 {MAX_CELLS:,} 个，不像一份预算公开文件，未读取：{name}", name)


def check_zip(path: Path, name: str, kind: str, required: str | None = None) -> None:
    """Refuse a damaged, incomplete or bomb-like Office file before a library opens it."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            xml = sum(
                info.file_size for info in archive.infolist() if info.filename.endswith((".xml", ".rels"))
            )
            names = set(archive.namelist())
    except Exception:  # a damaged archive fails in many ways (BadZipFile, NotImplementedError …)
        raise ReadError(f"{kind} 文件已损坏或不完整，无法打开：{name}", name) from None
    if required is not None and required not in names:
        raise ReadError(f"{kind} 文件不完整（缺少正文 {required}）：{name}", name)
    if unpacked > MAX_UNPACKED:
        raise OverLimit(f"{kind} 文件解压后过大（{unpacked // (1024 * 1024)} MB），未读取：{name}", name)
    if xml > MAX_XML_UNPACKED:
        limit = size_text(MAX_XML_UNPACKED)
        raise OverLimit(
            f"{kind} 文件的正文解压后过大（{size_text(xml)}，上限 {limit}），未读取：{name}", name
        )
