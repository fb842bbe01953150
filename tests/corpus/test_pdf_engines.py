"""The fast PDF path (pypdfium2) reads every PDF as the pdfplumber path does: the same blocks,
tables, cells and spans on every page, and the same page facts (tests/corpus/engines.py says what
"the same" allows, and lists the intended differences).

The fixtures are read both ways here. The corpus documents are read with pdfium and compared with
the pdfplumber reading kept in tests/corpus/pdf_engines.json (one hash per page; reading the corpus
with pdfplumber takes minutes): ``bench/pdf_engines.py dump --engine pdfplumber --out DIR`` then
``bench/pdf_engines.py digest DIR`` writes it anew, and ``bench/pdf_engines.py compare`` shows a
difference block by block.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from engines import DIGESTS, INTENDED, ROOT, digest, reading

from corpusdir import CORPUS, corpus_file, need_corpus

FIXTURES = sorted((ROOT / "tests" / "fixtures").rglob("*.pdf"))
EXPECTED = json.loads(DIGESTS.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_fixture_reads_the_same_with_both_engines(path: Path) -> None:
    plumber = reading(path, "pdfplumber", CORPUS)
    pdfium = reading(path, "pdfium", CORPUS)
    assert pdfium.get("error") == plumber.get("error")
    assert pdfium["pages"] == plumber["pages"]  # exactly, white space included
    assert pdfium["facts"] == plumber["facts"]
    assert pdfium.get("fallback", []) == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_document_reads_as_with_pdfplumber(name: str) -> None:
    path = corpus_file(name)
    expected = EXPECTED[name]
    got = digest(reading(path, "pdfium", CORPUS))
    assert got["error"] == expected["error"]
    pages = sorted(set(got["pages"]) | set(expected["pages"]), key=int)
    differ = [p for p in pages if got["pages"].get(p) != expected["pages"].get(p)]
    assert not differ, f"{name}: pages {differ} read differently (bench/pdf_engines.py compare shows how)"
    if INTENDED.get(Path(name).name) != "facts":
        assert got["facts"] == expected["facts"], f"{name}: page facts differ (bench/pdf_engines.py compare)"


def test_corpus_digests_cover_the_corpus() -> None:
    need_corpus()
    present = {str(p.relative_to(CORPUS)) for p in CORPUS.glob("*/*.pdf")}
    assert present <= set(EXPECTED), sorted(present - set(EXPECTED))[:5]
