"""The explanatory part of a read document, split into its numbered sections.

:func:`split_sections` takes the printed lines of the explanatory part (each with its
provenance) and returns :class:`Section` objects with their paragraphs and claims.

Headings are recognised by their numbering and shape, never by a list of expected titles:

* ``一、title`` (level 1) and ``（一）title`` / ``(三) title`` (level 2), where the title is short,
  holds no sentence punctuation (。，；：！？) and no amount, and is not a classification label
  ending in （类）/（款）/（项） (Jiangsu prints "（一）公共安全（类）" as a group label inside a
  section), nor one starting with a classification code ("（四）2010399-其他政府办公厅（室）及相关
  机构事务", then "支出3942.61万元" on the next line). ``一、加强党的建设。落实…`` or
  ``（一）、因公出国（境）费0万元，…`` are paragraphs;
* an unnumbered line ending in 说明 (level 0), such as Shanghai's "部门预算编制说明" and
  "其他相关情况说明", when it follows the end of a paragraph and holds no punctuation;
* ``第三部分 …`` lines are part headings: they close the open sections and are not sections
  themselves (paragraphs that follow one before any heading form a section titled by it).

A level-2 heading is a subsection of the level-1 heading above it, a level-1 heading a subsection
of the level-0 heading above it (Shanghai: 其他相关情况说明 → 一、“三公”经费预算情况说明 …). A
heading broken over two lines ("十一、一般公共预算“三公”经费、会议费、培训费支" + "出预算表情况说明")
is rejoined, and a number printed alone ("（一）") takes the next line as its title.

Paragraphs keep the text as printed (markup such as ``**`` and ``#`` removed). A line that does
not end with 。；;！？!?： is joined to the next unless the next starts a new item (a list number
"1." "（1）" "一、", a classification code "2010301 ", or a label such as "项目承担单位："), so a
sentence the conversion broke ("比上年预算减少" / "95.41 万元，下降 8.33%") is one paragraph again.
Lines that are only a page number (1 to 4 digits, "- 18 -", "第 3 页") are dropped.

Claims are extracted from each paragraph (:mod:`yusuan.text.claims`), each with the provenance
of the line its number was printed on.

Keys follow the layouts' section keys, by the words in the title (first rule that matches):
“三公” sangong, 运行经费 operating, 政府采购 procurement, 国有资产 assets, 绩效 performance,
结转 carry_over, 政府性基金 gov_fund, 国有资本 state_capital, 其他重要事项/其他相关情况 other,
项目经费 project_notes, 预算编制说明 budget_notes, 主要职能 functions, 机构设置 organisation,
名词解释 glossary; 规模 general_scale, 结构 general_structure, 具体使用/具体情况 general_usage;
财政拨款基本支出 fiscal_basic, 基本支出 basic, 项目支出 projects, 一般公共预算 general,
财政拨款收支/财政拨款收入支出 fiscal, 财政拨款支出 fiscal_expenditure, 收支预算总表 summary,
收支/收入支出 overview, 收入 income, 支出 expenditure. A title no rule matches, or a key already
taken, gets a slug of its number: ``section_3`` or ``<parent key>_2``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from yusuan.model.document import Claim, Provenance, Section
from yusuan.read.headings import HeadingPattern
from yusuan.text.claims import extract_claims_at
from yusuan.text.numerals import NUMERAL_CHARS, parse_chinese_number
from yusuan.text.spacing import squeeze
from yusuan.text.width import display_width

__all__ = ["is_page_number", "page_number", "section_key", "split_sections"]

_NUMERAL: Final = NUMERAL_CHARS

_H1 = re.compile(rf"^(?P<num>[{_NUMERAL}]+)\s*[、.．]\s*(?P<title>.*)$")
_H2 = re.compile(rf"^[（(]\s*(?P<num>[{_NUMERAL}]+)\s*[）)]\s*[、.．]?\s*(?P<title>.*)$")
_PART = re.compile(rf"^第[{_NUMERAL}]+部分\s*(?P<title>.*)$")
_MARKUP = re.compile(r"^#{1,6}\s+|\*\*|__|</?(?:b|strong|em)>")
_PAGE_NUMBER = re.compile(
    r"^(?:[0-9]{1,4}|[-－—]\s*[0-9]{1,4}\s*[-－—]|第\s*[0-9]{1,4}\s*页(?:\s*[，,/]?\s*共\s*[0-9]{1,4}\s*页)?)$"
)
_SENTENCE_PUNCT = re.compile(r"[。，,；;：:！？!?]")
# the genre's parts that templates title with the unit's name and no number: "上海市审计局（单位）主要职能",
# "XX部门机构设置" (what is left once the unit's name and its scope gloss are taken off)
_NAMED_PART = re.compile(r"^(?:[（(](?:部门|单位|本级)[)）])?(?:部门|单位)?(?:主要职能|机构设置|名词解释)$")
_AMOUNT = re.compile(r"[0-9][0-9.,]*\s*(?:万元|元|%|％)")
# a classification group inside a section, not a heading: "（一）公共安全（类）",
# "（四）2010399-其他政府办公厅（室）及相关机构事务"
_GROUP_LABEL = re.compile(
    r"[（(](?:类|款|项)[）)]$|^[0-9]{3}(?:[0-9]{2}){0,2}\s*[-－—、.．]?\s*(?![万亿元年月日个人辆台套])[\u4e00-\u9fff]"
)
_TERMINAL: Final = "。；;！？!?：:"
# lines at least this wide (display columns, four fifths of the widest) are a justified body, whose
# wraps can be told: a 公文 page sets 28 characters a line (56 columns)
_WIDE: Final = 40
_HEAD_END = re.compile(r"(?:说明|情况|概况|解释|职能|预算|经费|目标|依据|主体|方案|周期|安排|明细|表)$")
_NEW_ITEM = re.compile(
    rf"^(?:[0-9]{{1,2}}\s*[.．、](?![0-9])|[（(]\s*[0-9{_NUMERAL}]{{1,3}}\s*[）)]|[{_NUMERAL}]+[、.．]|[①-⑳]"
    # a code before a name starts an item, an amount ("100 万元" after "减少" at a line's end) does not
    r"|[0-9]{3}(?:[0-9]{2}){0,2}\s+(?=[\u3400-\u9fff])(?![万亿千]?元)|[\u3400-\u9fff]{4,10}[：:])"
)

# a sentence comparing with the year before and naming nothing ("较2025年年初预算增加40万元，增幅
# 100.0%。") says how the item before it changed: it starts no paragraph of its own
_BARE_CHANGE = re.compile(r"^(?:较|比|与)\s*(?:[0-9]{4}\s*年|上\s*年|上一年)")

_NUMBERED_ITEM = re.compile(
    rf"^(?:[0-9]{{1,2}}\s*[.．、](?![0-9])|[（(]\s*[0-9{_NUMERAL}]{{1,3}}\s*[）)]|[{_NUMERAL}]+[、.．]|[①-⑳])"
)

_KEY_RULES: Final[tuple[tuple[str, str], ...]] = (
    (r"三公", "sangong"),
    (r"运行经费", "operating"),
    (r"政府采购", "procurement"),
    (r"国有资产", "assets"),
    (r"绩效", "performance"),
    (r"结转", "carry_over"),
    (r"政府性基金", "gov_fund"),
    (r"国有资本", "state_capital"),
    (r"其他重要事项|其他相关情况", "other"),
    (r"项目经费", "project_notes"),
    (r"预算编制说明", "budget_notes"),
    (r"主要职能", "functions"),
    (r"机构设置", "organisation"),
    (r"名词解释", "glossary"),
    (r"规模", "general_scale"),
    (r"结构", "general_structure"),
    (r"具体使用|具体情况", "general_usage"),
    (r"财政拨款基本支出", "fiscal_basic"),
    (r"基本支出", "basic"),
    (r"项目支出", "projects"),
    (r"一般公共预算", "general"),
    (r"财政拨款收支|财政拨款收入支出", "fiscal"),
    (r"财政拨款支出", "fiscal_expenditure"),
    (r"收支预算总表", "summary"),
    (r"收支|收入支出", "overview"),
    (r"收入", "income"),
    (r"支出", "expenditure"),
)


def is_page_number(line: str) -> bool:
    """Whether a printed line is only a page number ("18", "- 18 -", "第 3 页")."""
    return bool(_PAGE_NUMBER.match(line.strip()))


def page_number(line: str) -> int | None:
    """The number of a line that is only a page number ("18", "- 18 -", "第 3 页 共 40 页", and "1 8"
    where the digits are spaced out), else None."""
    text = re.sub(r"(?<=[0-9]) (?=[0-9])", "", line.strip())
    if not _PAGE_NUMBER.match(text):
        return None
    return int(re.search(r"[0-9]+", text).group())  # type: ignore[union-attr]  # the pattern holds one


def section_key(title: str) -> str | None:
    """The layout key a section title maps to by its words (see the module docstring), if any."""
    for pattern, key in _KEY_RULES:
        if re.search(pattern, title):
            return key
    return None


@dataclass
class _Heading:
    level: int  # -1 part, 0 unnumbered, 1 一、, 2 （一）
    number: str | None
    title: str
    provenance: Provenance
    key: str | None = None  # the layout's key, where the title is one of the layout's headings


@dataclass
class _Paragraph:
    text: str = ""
    pieces: list[tuple[int, Provenance]] = field(default_factory=list)

    def add(self, line: str, provenance: Provenance) -> None:
        if (
            self.text
            and self.text[-1].isascii()
            and self.text[-1].isalnum()
            and line[0].isascii()
            and line[0].isalnum()
        ):
            self.text += " "
        self.pieces.append((len(self.text), provenance))
        self.text += line

    def provenance_at(self, offset: int) -> Provenance:
        found = self.pieces[0][1]
        for start, provenance in self.pieces:
            if start > offset:
                break
            found = provenance
        return found


@dataclass
class _Open:
    heading: _Heading
    paragraphs: list[_Paragraph] = field(default_factory=list)
    children: list[_Open] = field(default_factory=list)


def _is_title(title: str) -> bool:
    return (
        len(title) <= 60
        and not _SENTENCE_PUNCT.search(title)
        and not _AMOUNT.search(title)
        and not _GROUP_LABEL.search(title)
    )


def _layout_key(title: str, headings: Sequence[tuple[HeadingPattern, str]]) -> str | None:
    return next((key for pattern, key in headings if pattern.match(title)), None)


def layout_headings_in(
    paragraphs: list[tuple[str, Provenance]], headings: Sequence[tuple[HeadingPattern, str]]
) -> set[str]:
    """The keys of the layout's sections whose headings the text prints, each on a line of its own
    (numbered or not): the text's evidence that the document is in that layout."""
    keys: set[str] = set()
    for text, provenance in paragraphs:
        line = _clean(text)
        if not line or len(line) > 60:
            continue
        heading = _heading(line, provenance, True, headings)
        if heading is not None and heading.key is not None:
            keys.add(heading.key)
    return keys


def numbered_headings_in(paragraphs: list[tuple[str, Provenance]]) -> int:
    """How many lines of the text are numbered section headings ("一、单位主要职能", "（二）…")."""
    count = 0
    for text, provenance in paragraphs:
        line = _clean(text)
        if not line or len(line) > 60:
            continue
        heading = _heading(line, provenance, True)
        if heading is not None and heading.number:
            count += 1
    return count


def _heading(
    line: str,
    provenance: Provenance,
    after_paragraph_end: bool,
    headings: Sequence[tuple[HeadingPattern, str]] = (),
    unit: str | None = None,
) -> _Heading | None:
    part = _PART.match(line)
    if part:
        return _Heading(-1, None, part.group("title").strip(), provenance)
    key = _layout_key(line, headings) if headings and len(line) <= 60 else None
    if key is not None and not _H1.match(line) and not _H2.match(line):
        # one of the layout's own headings printed alone ("部门主要职能", "名词解释")
        return _Heading(0, None, line, provenance, key)
    for level, pattern in ((2, _H2), (1, _H1)):
        match = pattern.match(line)
        if match and _is_title(match.group("title").strip()):
            numeral = match.group("num")
            number = f"（{numeral}）" if level == 2 else numeral
            title = match.group("title").strip()
            return _Heading(
                level, number, title, provenance, _layout_key(title, headings) if headings else None
            )
    if (
        after_paragraph_end
        and 4 <= len(line) <= 30
        and line.endswith("说明")
        and not _SENTENCE_PUNCT.search(line)
        and not _NEW_ITEM.match(line)
        and not re.match(r"^[0-9]", line)
    ):
        return _Heading(0, None, line, provenance)
    if (
        after_paragraph_end
        and unit
        and (compact := squeeze(line)).startswith(squeeze(unit))
        and (key := section_key(rest := compact[len(squeeze(unit)) :])) is not None
        and _NAMED_PART.match(rest)
    ):
        return _Heading(0, None, line, provenance, key)  # the unit's name before the part's title
    return None


def _continues_heading(heading: _Heading, line: str) -> bool:
    """Whether ``line`` is the rest of a heading broken over two lines."""
    if _NEW_ITEM.match(line) or _PART.match(line):
        return False
    if not heading.title:
        return len(line) <= 60 and not _SENTENCE_PUNCT.search(line.rstrip("。."))
    return (
        not _HEAD_END.search(heading.title)
        and len(line) <= 30
        and not _SENTENCE_PUNCT.search(line)
        and not _AMOUNT.search(line)
    )


def _clean(line: str) -> str:
    return _MARKUP.sub("", line).strip()


def _document_year(lines: list[str]) -> int | None:
    """The latest year named on at least two lines (one stray mention of a plan year does not
    count), or the latest year named at all."""
    counts = Counter(
        year
        for line in lines
        for year in {int(y) for y in re.findall(r"(?<![0-9])([0-9]{4})\s*年", line)}
        if 1949 <= year <= 2199
    )
    repeated = [year for year, count in counts.items() if count >= 2]
    if repeated:
        return max(repeated)
    return max(counts) if counts else None


def all_sections(sections: list[Section]) -> list[Section]:
    """The sections and their subsections, in reading order."""
    out: list[Section] = []
    for section in sections:
        out.append(section)
        out += all_sections(section.subsections)
    return out


def split_sections(
    paragraphs: list[tuple[str, Provenance]],
    *,
    year: int | None = None,
    headings: Sequence[tuple[HeadingPattern, str]] = (),
    unit: str | None = None,
) -> list[Section]:
    """The sections of the explanatory part, in order, with paragraphs rejoined and claims read.

    ``paragraphs`` are the printed lines (or paragraphs) of the explanatory part with their
    provenance. ``year`` is the document's year; without it, the latest year the text names
    on at least two lines. ``headings`` are the layout's section titles (patterns matched against
    the title without spaces) with their keys: a line that is one of them, unnumbered, is a
    heading whatever its words ("部门主要职能"), and a section so titled takes the layout's key.
    ``unit`` is the unit's name, which the claims' subjects drop where they start with it.
    """
    lines = [(_clean(text), provenance) for text, provenance in paragraphs]
    lines = [(text, provenance) for text, provenance in lines if text and not _PAGE_NUMBER.match(text)]
    if year is None:
        year = _document_year([text for text, _ in lines])

    # A line as wide as the widest is a line the conversion wrapped (PDF): what follows it
    # continues the sentence even where it looks like a label ("主" / "要原因是：…").
    full_width = max((display_width(text, printed=True) for text, _ in lines), default=0) * 4 // 5
    previous = ""
    roots: list[_Open] = []
    stack: list[_Open] = []
    current: _Open | None = None
    paragraph: _Paragraph | None = None
    pending: _Heading | None = None  # a heading that may continue on the next line
    after_end = True
    for text, provenance in lines:
        if pending is not None and _continues_heading(pending, text):
            pending.title = (pending.title + text.rstrip("。.")).strip()
            continue
        pending = None
        heading = _heading(text, provenance, after_end, headings, unit)
        if heading is not None:
            paragraph = None
            after_end = True
            pending = heading if heading.key is None else None  # a layout heading is whole
            opened = _Open(heading)
            if heading.level < 0:
                stack = []
                current = opened
                roots.append(opened)
                continue
            while stack and stack[-1].heading.level >= heading.level:
                stack.pop()
            if stack:
                stack[-1].children.append(opened)
            else:
                roots.append(opened)
            stack.append(opened)
            current = opened
            continue
        if current is None:
            current = _Open(_Heading(0, None, "", provenance))
            roots.append(current)
        wrapped = (
            full_width >= _WIDE
            and display_width(previous, printed=True) >= full_width
            and not _NUMBERED_ITEM.match(text)
        )
        previous = text
        if paragraph is not None and (
            (not after_end and (wrapped or not _NEW_ITEM.match(text))) or _BARE_CHANGE.match(text)
        ):
            paragraph.add(text, provenance)
        else:
            paragraph = _Paragraph()
            paragraph.add(text, provenance)
            current.paragraphs.append(paragraph)
        # a line as wide as the widest that ends in a semicolon is a list going on over the wrap
        # ("…优化咨询研究等；" / "新皇岗口岸联检大楼…项目 49.50 万元，…", shenzhen/05 p.7), not
        # the end of a paragraph: the items after it are still the numbered item's
        after_end = text[-1] in _TERMINAL and not (
            text[-1] in "；;" and full_width >= _WIDE and display_width(text, printed=True) >= full_width
        )

    taken: set[str] = set()
    sections: list[Section] = []
    for index, root in enumerate(roots):
        if root.heading.level < 0 and not root.paragraphs:
            continue
        sections.append(_build(root, None, index, taken, year, unit))
    return sections


def _build(
    node: _Open, parent: str | None, index: int, taken: set[str], year: int | None, unit: str | None
) -> Section:
    heading = node.heading
    key = heading.key if heading.key is not None and heading.key not in taken else None
    if key is None and heading.title:
        key = section_key(heading.title)
    if key is None or key in taken:
        numeral = (heading.number or "").strip("（）")
        value = parse_chinese_number(numeral)
        slug = str(value) if value is not None else str(index + 1)
        key = f"{parent}_{slug}" if parent else f"section_{slug}"
        while key in taken:
            key += "_"
    taken.add(key)
    claims: list[Claim] = []
    for paragraph in node.paragraphs:
        claims.extend(extract_claims_at(paragraph.text, paragraph.provenance_at, year=year, unit=unit))
    return Section(
        key=key,
        number=heading.number,
        title=heading.title,
        paragraphs=[paragraph.text for paragraph in node.paragraphs],
        lines=[list(paragraph.pieces) for paragraph in node.paragraphs],
        subsections=[_build(child, key, i, taken, year, unit) for i, child in enumerate(node.children)],
        claims=claims,
    )
