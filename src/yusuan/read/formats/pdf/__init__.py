"""PDF (with a text layer) into a block stream: ruled tables as grids, other text lines as paragraphs.

Engines. Pages are read with pypdfium2 (:mod:`.pdfium`: characters with their boxes, ruling lines
from the page's path objects; about a millisecond a page). pdfplumber (pdfminer's layout analysis,
30–100 ms a page) is the fallback, chosen per page: for a page PDFium cannot parse, for a page without
text (whether it is blank or scanned is reported, and pdfminer also sees a box filled with a
pattern, which PDFium reports as white), and for a whole file PDFium cannot open. Which pages the fallback read is kept in ``Stream.fallback`` (page,
reason). Both engines' pages go through the same block builder (:mod:`.blocks`) and the same table
finder (pdfplumber's, on the page's edges), so a document reads the same either way;
``tests/test_pdf_engines.py`` holds them to it. ``read_pdf(…, engine="pdfplumber")`` reads with
pdfplumber alone.

Per page, top to bottom: fake-bold copies of characters removed (producers print a character twice,
slightly offset, which would read as "收收入入"), then tables and paragraphs (:mod:`.blocks`).

Refused, with a ReadError: PDFs that need a password to open ("PDF 已加密"), and PDFs without a
text layer on any page (scans). PDFs with only an owner password (printing/copying restrictions)
open without one and are read, with a note in ``problems``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from yusuan.model.document import PageFacts
from yusuan.read.formats.pdf.blocks import Margins, page_blocks
from yusuan.read.formats.pdf.chars import join_wrapped, normalise_compat
from yusuan.read.formats.pdf.views import PageView, plumber_view
from yusuan.read.limits import DEFAULT_MAX_PAGES, DEFAULT_TIMEOUT, Deadline, OverLimit, ReadError, check_cells
from yusuan.read.stream import Stream
from yusuan.text.spacing import squeeze

Engine = Literal["pdfium", "pdfplumber"]

# one page's outcome: (number, has an image, draws something, margins — None without text)
_Sheet = tuple[int, bool, bool, Margins | None]


class _Counter(logging.Handler):
    """Counts the warnings pdfminer logs about damaged content (instead of printing them)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@contextmanager
def _library_warnings() -> Iterator[_Counter]:
    counter = _Counter()
    loggers = [logging.getLogger("pdfminer"), logging.getLogger("pdfplumber")]
    saved = [logger.propagate for logger in loggers]
    for logger in loggers:
        logger.addHandler(counter)
        logger.propagate = False
    try:
        yield counter
    finally:
        for logger, propagate in zip(loggers, saved, strict=True):
            logger.removeHandler(counter)
            logger.propagate = propagate


def _encrypted(error: BaseException) -> bool:
    chain: BaseException | None = error
    seen = 0
    while chain is not None and seen < 10:
        kind = type(chain).__name__
        text = str(chain)[:200]
        if "Password" in kind or "Encryption" in kind or "Encrypt" in text or "password" in text:
            return True
        for arg in getattr(chain, "args", ()):
            if isinstance(arg, BaseException) and _encrypted(arg):
                return True
        chain = chain.__cause__ or chain.__context__
        seen += 1
    return False


class _Plumber:
    """pdfplumber's reading of the same file, opened only when a page needs it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.pdf: Any = None

    def open(self) -> Any:
        if self.pdf is None:
            import pdfplumber

            try:
                self.pdf = pdfplumber.open(self.path, raise_unicode_errors=False)
            except Exception as error:
                name = str(self.path)
                if _encrypted(error):
                    raise ReadError(f"PDF 已加密（需要打开密码），无法读取：{name}", name) from None
                raise ReadError(f"PDF 文件已损坏或不完整，无法打开：{name}", name) from None
        return self.pdf

    def page_count(self) -> int:
        try:
            return len(self.open().pages)
        except ReadError:
            raise
        except Exception:
            name = str(self.path)
            raise ReadError(f"PDF 文件已损坏或不完整（页面目录无法读取）：{name}", name) from None

    def owner_password(self) -> bool:
        return bool(getattr(self.open().doc, "encryption", None))

    def view(self, number: int) -> PageView:
        page = self.open().pages[number - 1]
        try:
            return plumber_view(page)
        finally:
            page.close()

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()


class _Pdfium:
    """PDFium's reading of the file (a page it cannot parse raises; the caller falls back)."""

    def __init__(self, path: Path) -> None:
        import pypdfium2 as pdfium

        self.pdf = pdfium.PdfDocument(path)

    def page_count(self) -> int:
        return len(self.pdf)

    def owner_password(self) -> bool:
        import pypdfium2.raw as c

        return bool(c.FPDF_GetSecurityHandlerRevision(self.pdf.raw) != -1)

    def view(self, number: int) -> PageView:
        from yusuan.read.formats.pdf.pdfium import pdfium_view

        page = self.pdf[number - 1]
        try:
            return pdfium_view(page)
        finally:
            page.close()

    def close(self) -> None:
        self.pdf.close()


def read_pdf(
    path: str | Path,
    deadline: Deadline | None = None,
    *,
    max_pages: int = DEFAULT_MAX_PAGES,
    engine: Engine = "pdfium",
) -> Stream:
    """Read a PDF's text layer into a stream (page numbers 1-based)."""
    path = Path(path)
    with _library_warnings() as warnings:
        stream = _read_pdf(path, deadline or Deadline(DEFAULT_TIMEOUT, str(path)), max_pages, engine)
    if warnings.count:
        stream.problems.append(
            f"PDF 有 {warnings.count} 处内容无法解析（文件可能有损坏），已尽量读取：{path}"
        )
    return stream


def _open(path: Path, engine: Engine) -> tuple[_Pdfium | None, _Plumber]:
    """The engines for the file: PDFium unless asked otherwise or it cannot open the file (then
    pdfplumber alone; a password needed to open is refused here)."""
    plumber = _Plumber(path)
    if engine == "pdfplumber":
        return None, plumber
    try:
        return _Pdfium(path), plumber
    except Exception as error:
        if _encrypted(error):
            name = str(path)
            raise ReadError(f"PDF 已加密（需要打开密码），无法读取：{name}", name) from None
        return None, plumber


def _read_pdf(path: Path, deadline: Deadline, max_pages: int, engine: Engine) -> Stream:
    name = str(path)
    deadline.check("开头")
    pdfium, plumber = _open(path, engine)
    stream = Stream(file=name, format="pdf")
    if pdfium is None and engine == "pdfium":
        stream.fallback.append((0, "PDFium 无法打开此文件"))
    try:
        main = pdfium or plumber
        count = main.page_count()
        if count == 0:
            raise ReadError(f"PDF 没有页面（文件可能已损坏或不完整）：{name}", name)
        if count > max_pages:
            raise OverLimit(f"PDF 共 {count} 页，超过上限 {max_pages} 页，未读取：{name}", name)
        stream.pages = count
        if main.owner_password():
            stream.problems.append(f"PDF 设有权限密码（无需打开密码），已照常读取文字：{name}")
        sheets = _pages(stream, pdfium, plumber, count, deadline)
    finally:
        if pdfium is not None:
            pdfium.close()
        plumber.close()
    _page_facts(stream, sheets)
    return stream


def _view(number: int, pdfium: _Pdfium | None, plumber: _Plumber, stream: Stream) -> PageView:
    """The page read by PDFium, or by pdfplumber where PDFium fails on it."""
    if pdfium is not None:
        try:
            view = pdfium.view(number)
        except Exception as error:
            stream.fallback.append((number, f"PDFium 无法读取此页（{type(error).__name__}）"))
        else:
            if view.chars:
                return view
            # a page without text is reported as blank or scanned: pdfminer's reading decides, as
            # it also sees what PDFium cannot (a box filled with a pattern reads as white there)
            stream.fallback.append((number, "此页没有文字，核实是否空白页或扫描页"))
    return plumber.view(number)


def _pages(
    stream: Stream, pdfium: _Pdfium | None, plumber: _Plumber, count: int, deadline: Deadline
) -> list[_Sheet]:
    name = stream.file
    with_text = failed = 0
    sheets: list[_Sheet] = []
    for number in range(1, count + 1):
        deadline.check(f"第 {number} 页")
        try:
            view = _view(number, pdfium, plumber, stream)
            image, drawing = view.images > 0, view.drawn
            if not view.chars:
                sheets.append((number, image, drawing, None))
                if image:
                    stream.problems.append(f"第 {number} 页没有文字层（可能是扫描页），未读取：{name}")
                continue
            with_text += 1
            deadline.check(f"第 {number} 页（{len(view.chars)} 个字符）")  # a page can be the slow part
            blocks, margins = page_blocks(view, name, number)
            stream.blocks.extend(blocks)
            stream.cells += sum(len(row) for block in blocks for row in block.rows)
            check_cells(stream.cells, name)
            sheets.append((number, image, drawing, margins))
        except ReadError:
            raise
        except Exception as error:
            failed += 1
            stream.problems.append(f"第 {number} 页无法读取（{type(error).__name__}），已跳过：{name}")
    if failed == count:
        raise ReadError(f"PDF 文件已损坏或不完整，没有一页能读取：{name}", name)
    if with_text == 0:
        raise ReadError(f"PDF 没有文字层（可能是扫描件），需要先做文字识别：{name}", name)
    return sheets


def _page_facts(stream: Stream, sheets: list[_Sheet]) -> None:
    """The stream's page facts: a line printed in the header or footer bands of at least three pages
    and a third of them is a running title, not content."""
    seen: dict[str, int] = {}
    for _, _, _, margins in sheets:
        for text in {squeeze(t) for t in (margins.margin if margins else [])}:
            seen[text] = seen.get(text, 0) + 1
    running = {text for text, times in seen.items() if times >= 3 and times * 3 >= len(sheets)}
    for number, image, drawing, margins in sheets:
        lines = 0
        if margins is not None:
            lines = margins.body + sum(1 for t in margins.margin if squeeze(t) not in running)
        stream.page_facts.append(
            PageFacts(
                file=stream.file,
                page=number,
                printed=margins.printed if margins else None,
                text=lines > 0 or (margins is not None and margins.grids),
                lines=lines,
                image=image,
                drawing=drawing,
            )
        )


__all__ = ["Engine", "join_wrapped", "normalise_compat", "read_pdf"]
