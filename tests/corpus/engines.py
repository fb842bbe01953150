"""What the PDF reader builds from one file, in a plain form two engines' readings can be compared in.

Used by tests/corpus/test_pdf_engines.py and bench/pdf_engines.py. A reading is the stream's blocks
by page (kind, text, and each grid cell's text and spans) and the page facts. Two readings are
the same when every page's blocks are equal with the white space taken out of every text — PDFium
reports no space glyph a producer prints as a text object of its own unless it has no width, and
pdfminer and PDFium infer a space from a gap a little differently — and the page facts agree
(whether a page draws something is compared only on pages without text, the only place it is used).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from yusuan.read.formats.pdf import read_pdf
from yusuan.read.limits import ReadError

ROOT = Path(__file__).resolve().parents[2]
DIGESTS = Path(__file__).parent / "pdf_engines.json"
_SPACE = re.compile(r"\s+")

# Pages where the engines are known to differ, and why (file name → pages).
INTENDED = {
    # MediaBox written upside down (0 595 842 0): pdfminer puts the text below the page, so every
    # line falls in the footer band; PDFium places it where it is printed
    "05_西安市民政局2021年部门综合预算_688bbf25.pdf": "facts",
}


def name_of(path: Path, corpus: Path) -> str:
    for base in (corpus, ROOT):
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            continue
    return str(path)


def reading(path: Path, engine: str, corpus: Path) -> dict[str, Any]:
    """The reading of one PDF: {"pages": {page: [block, …]}, "facts": {page: […]}, "error", …}."""
    try:
        stream = read_pdf(path, engine=engine)  # type: ignore[arg-type]
    except ReadError as error:
        return {"error": str(error).replace(str(path), name_of(path, corpus)), "pages": {}, "facts": {}}
    pages: dict[str, list[Any]] = {}
    for block in stream.blocks:
        item: list[Any] = [block.kind, block.text]
        if block.kind == "grid":
            item.append([[[c.text, c.cols, c.rows, c.repeated] for c in row] for row in block.rows])
        pages.setdefault(str(block.page), []).append(item)
    facts = {
        str(f.page): [f.printed, f.text, f.lines, f.image, f.drawing if not f.text else None]
        for f in stream.page_facts
    }
    return {"pages": pages, "facts": facts, "count": stream.pages, "fallback": stream.fallback}


def squeezed(blocks: list[Any]) -> str:
    """A page's blocks with the white space taken out of every text, hashed."""
    text = _SPACE.sub("", json.dumps(blocks, ensure_ascii=False))
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def digest(read: dict[str, Any]) -> dict[str, Any]:
    """What the test keeps of a reading: one hash per page, and one for all the page facts."""
    facts = json.dumps(read["facts"], sort_keys=True)
    return {
        "error": read.get("error"),
        "pages": {page: squeezed(blocks) for page, blocks in read["pages"].items()},
        "facts": hashlib.sha1(facts.encode()).hexdigest()[:12],
    }
