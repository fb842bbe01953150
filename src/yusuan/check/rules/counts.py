"""The text against itself: a stated number of bodies and the names the text lists for them.

text.W003: "内设处室15个，分别为：办公室、…" — the count a sentence states for the bodies, units or
offices it then names (or has just named: "包括：A、B、C共3家基层单位"; or names in brackets:
"下属预算单位2个（A、B）"; or lists as the numbered paragraphs after "内设机构主要职责：") agrees
with the number of names. Names are counted at bracket depth 0, "A和B" closing a list counts two,
"康复区（2个）" counts two, "综合一处至综合九处" counts nine. A list that ends in 等, runs into a
figure, or cannot be split with certainty is not judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from yusuan.check.context import CheckContext, normalised
from yusuan.check.finding import Hint, Location
from yusuan.check.places import place_in_paragraph, sentence_span
from yusuan.check.registry import rule
from yusuan.check.reporter import Reporter
from yusuan.model.document import Section
from yusuan.text.numerals import parse_chinese_number

_NUMBER = r"(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})"
# what is counted: an organisational body (the list then holds names of bodies)
_BODY = r"(?:机构|处室|科室|单位|部门|处|科|室|中心|大队|支队|队|所|站|院|校|办事处|分局|局|部)"
_NOUN = rf"(?P<noun>[\u4e00-\u9fff]{{0,10}}?{_BODY})"
_OPENS = r"\s*[，,：:]?\s*(?:分别为|分别是|具体为|具体是|包括|即)\s*[：:]?\s*"
_LIST = r"(?P<list>[^。；;]+)"
_AFTER = (
    # "4个处室，分别为…", "八个内设机构，包括：…"
    re.compile(rf"{_NUMBER}\s*(?:个|家)\s*{_NOUN}{_OPENS}{_LIST}"),
    # "内设处室15个，分别为：…"
    re.compile(rf"(?:下设|内设|设有|设立|所属|下属){_NOUN}\s*{_NUMBER}\s*(?:个|家){_OPENS}{_LIST}"),
    # "下属预算单位2个（A、B）"
    re.compile(rf"{_NOUN}\s*{_NUMBER}\s*(?:个|家)\s*[（(](?P<inner>[^（()）]+)[)）](?=[，,。；;]|$)"),
    re.compile(rf"{_NUMBER}\s*(?:个|家)\s*{_NOUN}\s*[（(](?P<inner>[^（()）]+)[)）](?=[，,。；;]|$)"),
)
# "单位范围包括：A、B、C共 21 家基层单位", "下设A、B、C，共 3 个部门"
_BEFORE = re.compile(
    rf"(?:包括|分别为|分别是|下设|设有)\s*[：:]?\s*(?P<list>[^。；;：:，,]+?)[，,]?\s*共\s*{_NUMBER}\s*(?:个|家)\s*{_NOUN}"
)
# "下设4个内设机构。" with the bodies listed later as numbered paragraphs
_STATED = re.compile(
    rf"(?:下设|内设|设有|设)\s*{_NUMBER}\s*(?:个|家)\s*(?P<noun>内设机构|处室|科室|职能处室)"
)
_NUMBERED = re.compile(r"^\s*[（(](?P<n>[一二三四五六七八九十]{1,3})[)）]")
_RANGE = re.compile(
    r"^(?P<stem>[\u4e00-\u9fff]*?)(?P<a>[一二三四五六七八九十]{1,3})(?P<tail>[\u4e00-\u9fff]{1,4})"
    r"至(?P=stem)?(?P<b>[一二三四五六七八九十]{1,3})(?P=tail)$"
)
_OWN_COUNT = re.compile(r"[（(]\s*(?P<n>\d{1,2})\s*个\s*[)）]")


def _number(text: str) -> int | None:
    text = text.replace("两", "二")
    return int(text) if text.isdigit() else parse_chinese_number(text)


def _split(text: str) -> list[str] | None:
    """The names of a list separated by 、 at bracket depth 0; None where the list is unbalanced."""
    depth, names, current = 0, [], ""
    for char in text:
        if char in "（(《“":
            depth += 1
        elif char in "）)》”":
            depth -= 1
            if depth < 0:
                return None
        if char == "、" and depth == 0:
            names.append(current.strip())
            current = ""
        else:
            current += char
    names.append(current.strip())
    return names if depth == 0 else None


def _outside_brackets(name: str) -> str:
    return re.sub(r"[（(《“][^）)》”]*[)）》”]", "", name)


def count_names(text: str) -> int | None:
    """How many bodies a list names; None where that is not certain."""
    text = text.strip().rstrip("，,：:")
    names = _split(text)
    if names is None or len(names) < 2 or any(not name for name in names):
        return None
    total = 0
    for index, name in enumerate(names):
        bare = _outside_brackets(name)
        if re.search(r"[0-9０-９]", bare) or len(bare) > 30 or "等" in bare[-2:]:
            return None  # a figure or a long run: a table's text, not a list of names
        if "至" in bare:
            span = _RANGE.match(bare)
            first, last = (_number(span["a"]), _number(span["b"])) if span else (None, None)
            if first is None or last is None or last <= first:
                return None
            total += last - first + 1
            continue
        own = _OWN_COUNT.search(name)
        if own:
            total += int(own["n"])
            continue
        if len(bare) < 2:
            return None  # "处（科、股）室": a gloss of one-character words, not names
        pair = re.match(r"^(.+)[和及](.+)$", bare)  # split at the last 和/及
        if index == len(names) - 1 and pair and all(re.search(f"{_BODY}$", p) for p in pair.groups()):
            total += 2  # "…、研究二部和研究三部"
            continue
        total += 1
    return total


@dataclass(frozen=True)
class Counted:
    """A stated count and the names the text gives for it."""

    stated: int
    listed: int
    noun: str
    start: int  # where the statement starts in the paragraph


def counted(text: str) -> Iterator[Counted]:
    """The counts a paragraph states for bodies it lists in the same sentence."""
    seen: set[int] = set()
    for pattern in (*_AFTER, _BEFORE):
        for match in pattern.finditer(text):
            names = match.groupdict().get("list") or match.groupdict().get("inner") or ""
            if (
                match.groupdict().get("list")
                and pattern is not _BEFORE
                and not text.startswith(("。", "；", ";"), match.end())
            ):
                continue  # the list runs to the paragraph's end: a page break may have cut it
            stated, listed = _number(match["n"]), count_names(names)
            if stated is None or listed is None or match.start() in seen:
                continue
            seen.add(match.start())
            yield Counted(stated, listed, match["noun"], match.start())


def numbered_after(paragraphs: list[str], noun: str) -> int | None:
    """The number of items （一）（二）… after a paragraph ending in "…{noun}…："; None where there is
    none. Paragraphs without a number are an item's continuation (a page break splits an item into
    two paragraphs); the run ends at the section's end or where the numbering does not go on."""
    for index, paragraph in enumerate(paragraphs):
        if not (paragraph.rstrip().endswith(("：", ":")) and noun in paragraph):
            continue
        count = 0
        for following in paragraphs[index + 1 :]:
            number = _NUMBERED.match(following)
            if number is None:
                if count == 0:
                    break
                continue
            if _number(number["n"]) != count + 1:
                break
            count += 1
        return count or None
    return None


def _statements(section: Section) -> Iterator[tuple[str, Counted]]:
    paragraphs = [normalised(p) for p in section.paragraphs if p]
    for paragraph in paragraphs:
        yield from ((paragraph, c) for c in counted(paragraph))
        if section.subsections:
            continue  # items may have been read as headings of their own: the paragraphs are not all
        for match in _STATED.finditer(paragraph):
            end = sentence_span(paragraph, match.start())[1]
            if re.search(r"[、：:]", paragraph[match.end() : end]):
                continue  # the names follow in the sentence: judged above, or not a plain count
            listed = numbered_after(paragraphs, match["noun"])
            stated = _number(match["n"])
            if listed is not None and stated is not None:
                yield paragraph, Counted(stated, listed, match["noun"], match.start())


@rule(
    "text.W003",
    "所述个数应与列出的名称数一致",
    "A stated number of bodies matches the names listed",
    "“内设处室15个，分别为：……”“包括：A、B、C共3家基层单位”“下属预算单位2个（A、B）”，以及“下设4个内设机构”"
    "之后以（一）（二）……逐项列出的内设机构：所述个数应等于列出的名称数。名称按顿号计数（括号内不计；"
    "末项“A和B”计两个；“康复区（2个）”计两个；“综合一处至综合九处”计九个）；以“等”结尾或含数字的列举不核对。",
)
def stated_count(ctx: CheckContext, report: Reporter) -> None:
    for section in ctx.sections():
        for paragraph, count in _statements(section):
            if count.stated == count.listed:
                continue
            s, e = sentence_span(paragraph, count.start)
            sentence = paragraph[s:e].strip()
            report(
                f"正文称{count.noun}{count.stated}个，列出的名称为{count.listed}个：{sentence[:160]}",
                f"the text states {count.stated} ({count.noun}) and lists {count.listed} names",
                Hint(
                    "核对个数与所列名称，更正其一",
                    "Check the count against the names listed and correct one of them",
                ),
                Location(section=section.heading, sentence=sentence),
                place_in_paragraph(section, paragraph, count.start),
            )
