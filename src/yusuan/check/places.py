"""Where in the text a finding is: the sentence around a place in a paragraph, and the page and
line it was printed on (as far as the figures read from the paragraph tell)."""

from __future__ import annotations

import re
from dataclasses import replace

from yusuan.check.context import normalised
from yusuan.check.finding import Location
from yusuan.model.document import Provenance, Section

SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
NEAR = 40  # characters: a figure this close to a place in the same sentence gives its line


def sentence_span(text: str, at: int) -> tuple[int, int]:
    """Start and end of the sentence of ``text`` that holds position ``at``."""
    for match in SENTENCE.finditer(text):
        if match.start() <= at < match.end():
            return match.start(), match.end()
    return 0, len(text)


def sentence_at(text: str, at: int) -> str:
    start, end = sentence_span(text, at)
    return text[start:end].strip()


_TITLE_BRACKETS = {"《": "》", "〔": "〕", "【": "】", "[": "]", "［": "］"}


def inside_title(text: str, at: int) -> bool:
    """Whether position ``at`` lies inside 《》, 〔〕, 【】 or [] (a cited title or document number)."""
    stack: list[str] = []
    for char in text[:at]:
        if char in _TITLE_BRACKETS:
            stack.append(_TITLE_BRACKETS[char])
        elif stack and char == stack[-1]:
            stack.pop()
    return bool(stack)


def with_sentence(location: Location, sentence: str) -> Location:
    return replace(location, sentence=sentence)


def paragraph_provenance(section: Section, paragraph: str) -> Provenance | None:
    """Where a paragraph was printed, as far as the claims read from it say."""
    text = normalised(paragraph)
    return next(
        (c.provenance for c in section.claims if c.provenance is not None and c.sentence in text), None
    )


def place_in_paragraph(section: Section, text: str, at: int) -> Provenance | None:
    """The page (and line) of position ``at`` of the normalised paragraph ``text``, from the figures
    read in it: the line of a figure close by in the same sentence, else the page where the figures
    before and after it agree; None where they do not place it."""
    placed: list[tuple[int, Provenance]] = []
    for claim in section.claims:
        if claim.provenance is None or claim.provenance.page is None:
            continue
        start = text.find(claim.sentence)
        if start < 0:
            continue
        offset = claim.sentence.find(claim.text)
        placed.append((start + max(offset, 0), claim.provenance))
    if not placed:
        return None
    s, e = sentence_span(text, at)
    near = [(abs(pos - at), p) for pos, p in placed if s <= pos < e and abs(pos - at) <= NEAR]
    if near:
        return min(near, key=lambda x: x[0])[1]
    before = [p for pos, p in placed if pos <= at]
    after = [p for pos, p in placed if pos > at]
    pages = {p.page for p in (before[-1:] + after[:1])}
    if len(pages) == 1 and before and after:
        return Provenance(file=placed[0][1].file, page=pages.pop())
    return None
