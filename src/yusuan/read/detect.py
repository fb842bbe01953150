"""Which format a file is in, from its content; the file name's extension only breaks ties.

Published budgets arrive renamed, re-zipped and mislabelled (a ``.xls`` that is HTML, a ``.doc``
that is DOCX, a ``.txt`` that is GB18030), so the bytes decide:

* ``%PDF-`` in the first KB: PDF;
* a ZIP holding ``word/document.xml``: DOCX; holding ``xl/workbook.xml``: XLSX (a damaged ZIP is
  recognised by the names in its first entries, or else by its extension, so that the reader can
  report it as damaged rather than as unknown);
* the OLE2 signature: a legacy ``.xls`` (a legacy ``.doc`` and a password-protected DOCX/XLSX are
  OLE2 too: those are refused with a message saying so);
* ``<html``, ``<!doctype html`` or ``<table`` near the start (after a BOM and white space): HTML;
* otherwise text that decodes as UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030: text.

Anything else (images, archives, random bytes) is a :class:`ReadError`.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from pathlib import Path
from typing import Literal

from yusuan.oserror import describe
from yusuan.read.limits import ReadError

Format = Literal["text", "html", "docx", "xlsx", "xls", "pdf"]

_OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_HTML_MARKERS = ("<!doctype html", "<html", "<table")
_HTML_START = ("<head", "<body", "<meta", "<title", "<div", "<p>", "<p ", "<h1", "<h2", "<tr", "<style")
# C0 control characters (NUL included) that do not occur in text (tab, line feed, form feed,
# carriage return and escape do); a few are tolerated, as damage.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_SAMPLE = 1024 * 1024


def _scan(path: Path, needles: tuple[bytes, ...]) -> set[bytes]:
    """Which of ``needles`` occur anywhere in the file (read in chunks)."""
    found: set[bytes] = set()
    overlap = max(len(n) for n in needles)
    tail = b""
    with path.open("rb") as handle:
        while chunk := handle.read(4 * 1024 * 1024):
            block = tail + chunk
            found |= {n for n in needles if n in block}
            tail = block[-overlap:]
    return found


def _zip_format(path: Path, head: bytes) -> Format:
    name = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except Exception:  # a damaged archive fails in many ways (BadZipFile, NotImplementedError …)
        names = set()
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if names:
        if "mimetype" in names and any(n == "content.xml" for n in names):
            raise ReadError(
                f"不支持 OpenDocument 格式（.odt/.ods），请另存为 DOCX 或 XLSX 后再读取：{name}", name
            )
        raise ReadError(f"这是一个 ZIP 压缩包，但不是 DOCX 或 XLSX 文件：{name}", name)
    # A damaged ZIP: its first entries' names are still readable in the local headers.
    if b"word/" in head:
        return "docx"
    if b"xl/" in head:
        return "xlsx"
    suffix = path.suffix.lower()
    if suffix in (".docx", ".docm", ".dotx"):
        return "docx"
    if suffix in (".xlsx", ".xlsm", ".xltx"):
        return "xlsx"
    raise ReadError(f"文件已损坏或不完整（ZIP 压缩包无法打开）：{name}", name)


def _ole2_format(path: Path) -> Format:
    name = str(path)
    utf16 = {key: key.encode("utf-16-le") for key in ("Workbook", "Book", "WordDocument", "EncryptedPackage")}
    found = {key for key, needle in utf16.items() if needle in _scan(path, tuple(utf16.values()))}
    suffix = path.suffix.lower()
    if "EncryptedPackage" in found:
        raise ReadError(f"文件已加密（设有打开密码），无法读取：{name}", name)
    if found & {"Workbook", "Book"} or (suffix in (".xls", ".xlt", ".et") and "WordDocument" not in found):
        return "xls"
    if "WordDocument" in found or suffix in (".doc", ".wps"):
        raise ReadError(f"不支持旧版 Word 格式（.doc），请用 Word 或 WPS 另存为 DOCX 后再读取：{name}", name)
    raise ReadError(f"无法识别的 Office 旧格式文件（不是 .xls）：{name}", name)


def decode_text(data: bytes, name: str = "") -> tuple[str, str]:
    """(text, encoding) of a text file: UTF-8 (BOM or not), UTF-16 with BOM, or GB18030.

    A few undecodable bytes in otherwise valid UTF-8 (a damaged download) are replaced with
    U+FFFD and reported as the encoding ``utf-8-replace``; NUL characters are dropped. Raises
    ReadError when the bytes are not text (control characters, undecodable)."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            break
        return text.replace("\x00", ""), encoding
    else:
        if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-8", errors="replace")
            if text.count("\ufffd") <= max(2, len(text) // 500) and not _looks_binary(text):
                return text.replace("\x00", ""), "utf-8-replace"
    raise ReadError(
        f"无法识别的文件格式（不是文本、HTML、DOCX、XLSX 或 PDF，或文字编码无法识别）：{name}", name
    )


def _looks_binary(text: str) -> bool:
    sample = text[:_SAMPLE]
    controls = len(_CONTROL.findall(sample))
    return controls > max(2, len(sample) // 200)


def _decode_sample(head: bytes) -> str | None:
    """The first bytes as text, when they are text (an incomplete last character is fine)."""
    if head.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif head.startswith(codecs.BOM_UTF16_LE):
        encodings = ["utf-16-le"]
        head = head[2:]
    elif head.startswith(codecs.BOM_UTF16_BE):
        encodings = ["utf-16-be"]
        head = head[2:]
    else:
        encodings = ["utf-8", "gb18030", "utf-8-replace"]
    for encoding in encodings:
        if encoding == "utf-8-replace":
            text = codecs.getincrementaldecoder("utf-8")(errors="replace").decode(head, final=False)
            if text.count("\ufffd") > max(2, len(text) // 500):
                return None
        else:
            try:
                text = codecs.getincrementaldecoder(encoding)().decode(head, final=False)
            except UnicodeDecodeError:
                continue
        return None if _looks_binary(text) else text
    return None


def _is_html(sample: str, suffix: str) -> bool:
    start = sample[:1024].lstrip("\ufeff \t\r\n\f").lower()
    if any(marker in start for marker in _HTML_MARKERS):
        return True
    # Starting with a comment or an XML declaration, then an HTML element.
    stripped = re.sub(r"^(<!--.*?-->|<\?xml[^>]*\?>|\s)+", "", start, flags=re.S)
    if stripped.startswith(_HTML_START):
        return True
    return suffix in (".htm", ".html", ".xhtml", ".shtml") and stripped.startswith("<")


def detect_format(path: str | Path) -> Format:
    """The file's format, from its content; raises ReadError for what no reader reads."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except FileNotFoundError:
        raise ReadError(f"文件不存在：{name}", name) from None
    except IsADirectoryError:
        raise ReadError(f"这是一个文件夹，不是文件：{name}", name) from None
    except OSError as error:
        raise ReadError(f"无法打开文件（{describe(error)}）：{name}", name) from None
    if size == 0:
        raise ReadError(f"文件是空的：{name}", name)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_ZIP):
        return _zip_format(path, head)
    if head.startswith(_OLE2):
        return _ole2_format(path)
    sample = _decode_sample(head)
    if sample is None:
        raise ReadError(f"无法识别的文件格式（不是文本、HTML、DOCX、XLSX 或 PDF）：{name}", name)
    if _is_html(sample, path.suffix.lower()):
        return "html"
    return "text"


__all__ = ["Format", "decode_text", "detect_format"]
