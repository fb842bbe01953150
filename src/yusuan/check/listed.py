"""A whole the text lists as the sum of its parts, and the change each part states further on.

"深圳市人民政府口岸办公室预算55,884.67万元，包括在职人员经费3,098.93万元、公用经费919.20万元、……、
项目支出50,878.08万元。" lists the parts of a whole in one sentence; the paragraphs after it take
them up one by one, each under its number ("（一）在职人员经费3,098.93万元，……。较2025年年初预算增加
197.71万元，增幅6.8%。"), and a part with no change of its own is taken up by its own numbered items
("（五）项目支出50,878.08万元，具体包括：" then "1.安全生产和应急管理专项经费40.00万元，……。较2025年
年初预算增加40万元"). Where every part's change is known that way, the parts' prior years are
statements (:class:`Stated`) that prior.E002 compares with the whole's prior year, stated
elsewhere with the same amount (shenzhen/05 pp.5–8).

The outline is read strictly: the numbered paragraphs must take up the listed parts in their
order and with their amounts, the items of a part must add up to it, and each part (or item)
must state exactly one change, in a sentence that names no other amount; anything else leaves
the whole unread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from yusuan.check.amounts import is_money, percent_verdict, ratio_range, sign_of, slack, wan
from yusuan.check.context import CheckContext, compare
from yusuan.check.match import norm_name
from yusuan.check.statements import Stated, is_change, is_current, is_percent_change, paragraphs_of
from yusuan.model.document import Claim, Section
from yusuan.text.numerals import parse_chinese_number

# a number heading a paragraph, by its style: （一） 一、 （1） 1. ①
_MARKERS = (
    ("（一）", re.compile(r"^[（(]([一二三四五六七八九十]{1,3})[)）]")),
    ("一、", re.compile(r"^([一二三四五六七八九十]{1,3})[、.．]")),
    ("（1）", re.compile(r"^[（(](\d{1,2})[)）]")),
    ("1.", re.compile(r"^(\d{1,2})[.．、](?!\d)")),
    ("①", re.compile(r"^([①-⑳])")),
)
# the words that open a list of parts after the whole's amount
_LISTS = re.compile(r"^[，,：:\s]*(?:其中|包括|具体包括|主要包括|分别为|分别是)[：:，,]?")


def _number(style: str, text: str) -> int | None:
    if style in ("（1）", "1."):
        return int(text)
    if style == "①":
        return ord(text) - ord("①") + 1
    return parse_chinese_number(text)  # None for what is no numeral ("一一")


def marker(paragraph: str) -> tuple[str, int] | None:
    """The style and number of the ordinal heading a paragraph, if any: "（三）对个人…" → ("（一）", 3)."""
    for style, pattern in _MARKERS:
        if (match := pattern.match(paragraph)) and (number := _number(style, match.group(1))) is not None:
            return style, number
    return None


@dataclass
class _Node:
    """A numbered paragraph and the unnumbered ones after it, with the numbered ones under it."""

    style: str
    number: int
    claims: list[Claim] = field(default_factory=list)  # its own, not its children's
    children: list[_Node] = field(default_factory=list)

    @property
    def head(self) -> Claim | None:
        """The amount the heading states: the first claim, an amount of this year."""
        first = self.claims[0] if self.claims else None
        return first if first is not None and is_current(first) else None


def _outline(groups: list[tuple[str, list[Claim]]]) -> list[_Node]:
    """The numbered paragraphs that follow a list, as a tree: a style already open continues its
    level (the next number), a new style numbered 1 opens a level under the last paragraph; any
    other number, or a style open at a level above returning out of order, ends the outline."""
    top: list[_Node] = []
    stack: list[_Node] = []  # the open paragraph at each level
    for text, claims in groups:
        mark = marker(text)
        if mark is None:
            if not stack:
                break  # the list is not taken up paragraph by paragraph
            stack[-1].claims += claims
            continue
        style, number = mark
        level = next((i for i, node in enumerate(stack) if node.style == style), None)
        if level is not None:
            if number != stack[level].number + 1:
                break
            del stack[level:]
        elif number != 1:
            break  # a heading of a level above the list (二、 the next unit)
        node = _Node(style, number, list(claims))
        (stack[-1].children if stack else top).append(node)
        stack.append(node)
    return top


def _loose(name: str | None) -> str:
    return norm_name(name).replace("的", "")


def _named_alike(one: str | None, other: str | None) -> bool:
    """One part, named twice: in the list "对个人和家庭的补助支出", under its number "对个人和家庭补助支出"."""
    first, second = _loose(one), _loose(other)
    return bool(first and second) and (first in second or second in first)


def _adds_up(whole: Decimal, parts: list[Decimal]) -> bool:
    total = sum(parts, Decimal(0))
    return compare(whole, total, parts=len(parts) + 1, places=2) != "different"


def _own_change(node: _Node, head: Claim, section: Section) -> Stated | None:
    """The one change a numbered paragraph states, as a statement of its heading's amount: in the
    heading's sentence or a sentence naming no other amount ("较2025年年初预算增加569.63万元，增幅
    1.4%" after the projects 口岸管理业务 is made of); None where there is none, more than one, or
    its percent does not fit the heading's amount."""
    changes = [c for c in node.claims if is_change(c)]
    if len(changes) != 1:
        return None
    [change] = changes
    if any(is_current(c) and c is not head and c.sentence == change.sentence for c in node.claims):
        return None  # the change of another amount of its sentence
    if any(c.kind == "amount" and c.basis and c.sentence == change.sentence for c in node.claims):
        return None  # a prior-year amount stated too: not read here
    percents = [c for c in node.claims if is_percent_change(c) and c.sentence == change.sentence]
    stated = Stated(section, head.subject, head.code, head, current=head, change=change)
    prior = stated.prior()
    if prior is None or prior < 0:
        return None
    if len(percents) > 1:
        return None
    if percents:
        percent = percents[0]
        if sign_of(percent.direction) != sign_of(change.direction):
            return None
        stated.percent = percent
        if prior > 0 and is_money(change):
            span = ratio_range(wan(change), slack(change), prior, slack(change) + slack(head))
            if span is None:
                return None
            exact = wan(change) / prior * 100
            if percent.value is None or percent_verdict(percent.value, exact, span) == "different":
                return None
    return stated


def _leaves(node: _Node, section: Section) -> list[Stated] | None:
    """The statements whose prior years make the numbered paragraph's: its own change, else its
    items' (all of them, adding up to its amount); None where some change is not known."""
    head = node.head
    if head is None or not is_money(head):
        return None
    own = _own_change(node, head, section)
    if own is not None:
        return [own]
    if any(is_change(c) for c in node.claims) or len(node.children) < 2:
        return None
    heads = [child.head for child in node.children]
    if any(h is None or not is_money(h) for h in heads):
        return None
    if not _adds_up(wan(head), [wan(h) for h in heads if h is not None]):
        return None
    out: list[Stated] = []
    for child in node.children:
        leaves = _leaves(child, section)
        if leaves is None:
            return None
        out += leaves
    return out


@dataclass
class Listed:
    """A whole the text lists the parts of, and the statements that give the parts' prior years."""

    section: Section
    whole: Claim
    parts: list[Claim]
    leaves: list[Stated]


def _lists(groups: list[tuple[str, list[Claim]]]) -> list[tuple[int, Claim, list[Claim]]]:
    """The lists of parts in a section's paragraphs: (the paragraph's index, the whole, its parts)
    where a sentence states an amount, then "包括"/"其中" and two or more amounts that add up to it
    (and no change: a whole stated with its change is prior.E001's or prior.E002's)."""
    out = []
    for index, (_, claims) in enumerate(groups):
        for at, whole in enumerate(claims):
            if not is_current(whole) or any(
                c.kind in ("change", "percent") for c in claims if c.sentence == whole.sentence
            ):
                continue
            end = whole.sentence.find(whole.text)
            if end < 0 or not _LISTS.match(whole.sentence[end + len(whole.text) :]):
                continue
            parts = [c for c in claims[at + 1 :] if c.sentence == whole.sentence]
            if len(parts) < 2 or not all(is_current(c) for c in parts):
                continue
            if _adds_up(wan(whole), [wan(c) for c in parts]):
                out.append((index, whole, parts))
    return out


def listed_parts(ctx: CheckContext) -> list[Listed]:
    """Every whole listed with its parts whose numbered paragraphs state every part's change."""
    out: list[Listed] = []
    for section in ctx.sections():
        groups = paragraphs_of(section)
        for index, whole, parts in _lists(groups):
            top = _outline(groups[index + 1 :])
            if len(top) != len(parts):
                continue
            heads = [node.head for node in top]
            if not all(
                h is not None and wan(h) == wan(p) and _named_alike(h.subject, p.subject)
                for h, p in zip(heads, parts, strict=True)
            ):
                continue
            leaves: list[Stated] = []
            for node in top:
                found = _leaves(node, section)
                if found is None:
                    break
                leaves += found
            else:
                out.append(Listed(section, whole, parts, leaves))
    return out
