"""Where in the text a finding is: the sentence around a place in a paragraph, and the page and
line it was printed on (as far as the figures read from the paragraph tell)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, TypeVar, cast

from yusuan.check.context import normalised
from yusuan.check.finding import Location
from yusuan.model.document import Provenance, Section
from yusuan.text.claims import normalise
from yusuan.text.spacing import squeeze

SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
NEAR = 40  # characters: a figure this close to a place in the same sentence gives its line


_ENDS = "。；;！？!?\n"


def sentence_span(text: str, at: int) -> tuple[int, int]:
    """Start and end of the sentence of ``text`` that holds position ``at``. No sentence runs over
    a full stop or a line break, so the search starts after the last one before ``at`` (from the
    start of the text it made every call as long as the text)."""
    begin = max(text.rfind(end, 0, at) for end in _ENDS) + 1
    match = SENTENCE.search(text, begin)
    if match is not None and match.start() <= at < match.end():
        return match.start(), match.end()
    return 0, len(text)


# the most of a sentence a finding quotes: around its place, with … where it is cut
EXCERPT = 160


def sentence_at(text: str, at: int) -> str:
    """The sentence holding position ``at``; of a sentence longer than EXCERPT characters, the
    part around ``at`` (a finding quoting a 10,000-character sentence whole, once per finding,
    took gigabytes)."""
    start, end = sentence_span(text, at)
    if end - start > EXCERPT:
        left = max(start, min(at - EXCERPT // 2, end - EXCERPT))
        right = min(end, left + EXCERPT)
        return ("…" if left > start else "") + text[left:right].strip() + ("…" if right < end else "")
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
    places = _paragraph_places(section)
    if text in places:
        return places[text] or printed_line(section, text, 0)
    return next(  # a paragraph the section does not hold as such
        (c.provenance for c in section.claims if c.provenance is not None and c.sentence in text), None
    )


T = TypeVar("T")
# what was worked out once per section, by (what, the section's id); the section is kept with it
# to tell a reused id
_ONCE: dict[tuple[str, int], tuple[Section, Any]] = {}


def _once(what: str, section: Section, make: Callable[[Section], T]) -> T:
    entry = _ONCE.get((what, id(section)))
    if entry is not None and entry[0] is section:
        return cast(T, entry[1])
    if len(_ONCE) > 512:
        _ONCE.clear()
    value = make(section)
    _ONCE[(what, id(section))] = (section, value)
    return value


def squeezed_paragraphs(section: Section) -> list[str]:
    """The section's paragraphs without white space, made once per section (a rule looking up
    one line per project made them anew each time)."""
    return _once("squeezed", section, lambda s: [squeeze(p) for p in s.paragraphs])


# claims looked at ahead of the last one placed, for a paragraph's first claim
_AHEAD = 64


def _paragraph_places(section: Section) -> dict[str, Provenance | None]:
    return _once("places", section, _place_paragraphs)


def _place_paragraphs(section: Section) -> dict[str, Provenance | None]:
    """Each paragraph of the section (normalised) with the place of its first claim: claims are
    read paragraph by paragraph, in order, so one pass over both finds them (testing every claim
    against every paragraph, for every rule that asks, was quadratic: a minute for a thousand
    projects)."""
    claims = [c for c in section.claims if c.provenance is not None]
    places: dict[str, Provenance | None] = {}
    start = 0
    for paragraph in section.paragraphs:
        text = normalised(paragraph)
        found = None
        for index in range(start, min(start + _AHEAD, len(claims))):
            if claims[index].sentence in text:
                found, start = claims[index].provenance, index
                break
        places.setdefault(text, found)
    return places


def place_in_paragraph(section: Section, text: str, at: int) -> Provenance | None:
    """The page (and line) of position ``at`` of the normalised paragraph ``text``: the printed line
    the reader recorded (``Section.lines``); else, from the figures read in it, the line of a figure
    close by in the same sentence, or the page where the figures before and after it agree; None
    where nothing places it."""
    line = printed_line(section, text, at)
    if line is not None:
        return line
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


def printed_line(section: Section, text: str, at: int) -> Provenance | None:
    """The page and line on which position ``at`` of the normalised paragraph ``text`` was printed,
    as the reader recorded the paragraph's lines (``Section.lines``); None for a section without
    them (a document yusuan builds) or a text that is none of its paragraphs."""
    read = _once("normalised", section, lambda s: [normalise(p) for p in s.paragraphs])
    for (clean, index), lines in zip(read, section.lines, strict=False):
        if clean == text and lines:
            return _line_at(lines, index[at] if 0 <= at < len(index) else lines[-1][0])
    return None


def raw_line(section: Section, raw: str, at: int) -> Provenance | None:
    """As :func:`printed_line`, for position ``at`` of a paragraph as the section holds it."""
    for paragraph, lines in zip(section.paragraphs, section.lines, strict=False):
        if paragraph == raw and lines:
            return _line_at(lines, at)
    return None


def _line_at(lines: list[tuple[int, Provenance]], offset: int) -> Provenance:
    found = lines[0][1]
    for start, provenance in lines:
        if start > offset:
            break
        found = provenance
    return found


@dataclass(frozen=True)
class TextPlace:
    """Where a text a rule looks at was printed: a paragraph of a section, placed line by line where
    the reader recorded its lines, or one place for the whole text (a cell, a title)."""

    provenance: Provenance | None
    section: Section | None = None

    def of(self, raw: str, at: int, *, normalised_at: bool = False) -> Provenance | None:
        """The place of position ``at`` of the text ``raw`` (of its normalised form, with
        ``normalised_at``)."""
        if self.section is not None:
            if normalised_at:
                index = normalise(raw)[1]
                at = index[at] if 0 <= at < len(index) else len(raw)
            found = raw_line(self.section, raw, at)
            if found is not None:
                return found
        return self.provenance
