"""What the text states about changes: for each subject, this year's amount, the change, the
prior-year amount and the percent, gathered from a sentence (or its paragraph)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from yusuan.check.amounts import is_money, sign_of, wan
from yusuan.check.context import CheckContext, fmt, normalised
from yusuan.check.match import norm_name, subject_kind
from yusuan.lexicon import FLAT
from yusuan.model.document import Claim, Section


def paragraphs_of(section: Section) -> list[tuple[str, list[Claim]]]:
    """The section's claims grouped by the paragraph they were read from, in order. A claim whose
    sentence is found in no paragraph is a paragraph of its own."""
    texts = [normalised(p) for p in section.paragraphs]
    groups: list[tuple[str, list[Claim]]] = [(text, []) for text in texts]
    at = 0
    for claim in section.claims:
        index = next((i for i in range(at, len(texts)) if claim.sentence in texts[i]), None)
        if index is None:
            index = next((i for i in range(len(texts)) if claim.sentence in texts[i]), None)
        if index is None:
            groups.append((claim.sentence, [claim]))
            continue
        at = index
        groups[index][1].append(claim)
    return [g for g in groups if g[1] or g[0]]


def claim_offsets(claims: list[Claim]) -> list[int]:
    """Where each claim's number starts in its sentence (claims come in reading order)."""
    offsets = []
    cursor: dict[str, int] = {}
    for claim in claims:
        at = claim.sentence.find(claim.text, cursor.get(claim.sentence, 0))
        if at < 0:
            at = claim.sentence.find(claim.text)
        cursor[claim.sentence] = max(at, 0) + len(claim.text)
        offsets.append(max(at, 0))
    return offsets


@dataclass
class Stated:
    """A change the text states for one subject: this year's amount, the change, the prior-year
    amount and the percent, as far as the sentence (or its paragraph) gives them."""

    section: Section
    subject: str | None
    code: str | None
    anchor: Claim  # the claim the statement is reported at
    current: Claim | None = None
    change: Claim | None = None
    earlier: Claim | None = None  # an amount stated for the prior year (with a basis)
    percent: Claim | None = None
    none_before: str | None = None  # "上年度该科目无预算资金" printed after this year's amount: prior 0

    @property
    def basis(self) -> str | None:
        for claim in (self.change, self.percent, self.earlier):
            if claim is not None and claim.basis:
                return claim.basis
        return None

    @property
    def direction(self) -> int | None:
        for claim in (self.change, self.percent):
            if claim is not None and (s := sign_of(claim.direction)) is not None:
                return s
        return None

    @property
    def kind(self) -> str | None:
        return subject_kind(self.subject)

    def now(self) -> Decimal | None:
        return None if self.current is None else wan(self.current)

    def prior(self) -> Decimal | None:
        """The prior-year amount the statement implies, in 万元."""
        if self.earlier is not None:
            return wan(self.earlier)
        if self.none_before is not None and self.current is not None:
            return Decimal(0)
        if self.current is None or self.change is None:
            return None
        direction = sign_of(self.change.direction)
        if direction is None:
            return None
        if direction == 0:
            return wan(self.current)
        if not is_money(self.change):
            return None
        return wan(self.current) - direction * wan(self.change)

    def prior_parts(self) -> int:
        """How many printed figures the prior-year amount is made of (for the rounding tolerance)."""
        return 1 if self.earlier is not None or self.none_before is not None else 2

    def prior_text(self) -> str:
        if self.earlier is not None:
            return f"{self.earlier.text}（正文所列上年数）"
        if self.none_before is not None:
            return f"0（正文：{self.none_before}）"
        if self.current is None or self.change is None:
            return ""
        prior = self.prior()
        operator = "+" if sign_of(self.change.direction) == -1 else "−"
        if sign_of(self.change.direction) == 0:
            return f"{fmt(wan(self.current))}万元（持平）"
        return f"{fmt(wan(self.current))} {operator} {fmt(wan(self.change))} = {fmt(prior)}万元"


# the kinds of a statement about the budget as a whole (subject_kind): its total, its 财政拨款, its
# 一般公共预算
WHOLE_KINDS = ("overall", "fiscal", "general")


def basis_class(basis: str | None) -> str | None:
    """'execution' for 上年预算执行数/决算, 'budget' for 上年预算, None when the text does not say."""
    if not basis:
        return None
    if "执行" in basis or "决算" in basis:
        return "execution"
    if "预算" in basis:
        return "budget"
    return None


def is_current(claim: Claim) -> bool:
    return claim.kind == "amount" and claim.basis is None and is_money(claim)


def is_earlier(claim: Claim) -> bool:
    return claim.kind == "amount" and claim.basis is not None and is_money(claim)


def is_change(claim: Claim) -> bool:
    if claim.kind != "change" or sign_of(claim.direction) is None:
        return False
    return claim.direction == FLAT or is_money(claim)


def is_percent_change(claim: Claim) -> bool:
    return claim.kind == "percent" and claim.unit == "%" and sign_of(claim.direction) not in (None, 0)


def belongs_elsewhere(ctx: CheckContext, stated: Stated) -> bool:
    """The change and its percent describe another amount of the same sentence: "当年预算支出4,203.47
    万元，其中：…、其他收入100.00万元，较上年增加142.30万元，增长3.50%" — 142.30 is 3.50 % of the
    prior 4,061.17, so it is the change of 4,203.47, not of the last item listed."""
    change, percent, current = stated.change, stated.percent, stated.current
    if change is None or percent is None or not percent.value:
        return False
    if current is not None and wan(change) <= wan(current):
        return False  # a change no larger than the amount is the amount's own
    # the current amount the pair implies: prior = change ÷ percent, current = prior ± change
    step = Decimal(1) if sign_of(change.direction) != -1 else Decimal(-1)
    implied = wan(change) * (Decimal(100) / percent.value + step)
    own = wan(current) if current is not None else None
    return any(
        claim.kind == "amount"
        and is_money(claim)
        and claim.sentence == change.sentence
        and claim is not current
        and (own is None or abs(wan(claim) - own) > abs(own) * Decimal("0.01"))
        and abs(wan(claim) - implied) <= abs(implied) * Decimal("0.01")
        for _, claim in ctx.claims()
    )


def statements(ctx: CheckContext) -> list[Stated]:
    """Every change the text states (a money change, a flat, a percent change, or a prior-year
    amount), each with what its sentence gives for the same subject; the paragraph is searched
    when the sentence names the subject but not the figure (a named subject only)."""
    out: list[Stated] = []
    for section in ctx.sections():
        previous: list[Claim] = []
        for _, claims in paragraphs_of(section):
            out += _statements_of(section, claims, previous)
            previous = claims
    return out


# "气象服务（2200509）1396.15万元，上年度该科目无预算资金": the subject had no budget last year
_NONE_BEFORE = re.compile(
    r"(?:上一?年度?|去年)(?:该|此|本)?(?:科目|项目|项|款|类)?(?:无|没有|未安排)(?:此项|该项)?(?:预算)?"
    r"(?:资金|安排|支出)?(?=[，,。；;]|$)"
)


def none_before(claim: Claim) -> str | None:
    """The words right after this year's amount that say the subject had no budget last year
    ("…1396.15万元，上年度该科目无预算资金"), else None."""
    for at in (m.end() for m in re.finditer(re.escape(claim.text), claim.sentence)):
        match = re.compile(rf"[，,]?\s*(?P<w>{_NONE_BEFORE.pattern})").match(claim.sentence, at)
        if match:
            return match.group("w")
    return None


_YEAR_OR_BUDGET = re.compile(r"^(?:[0-9]{4}年度?)|(?:预算数|预算安排|预算)$")


def _loose_key(subject: str | None) -> str | None:
    """A subject's key without a leading year or a trailing 预算(数): "2025年财政拨款“三公”经费"
    and "财政拨款“三公”经费预算" name one subject."""
    key = subject_key(subject)
    return None if key is None else _YEAR_OR_BUDGET.sub("", key)


def _stated_before(claim: Claim, previous: list[Claim]) -> Claim | None:
    """This year's amount of the claim's subject, stated in the paragraph before ("“三公”经费预算数为
    15.00万元，其中：…" then "“三公”经费比上年预算减少19.00万元，下降55.88%"): the one amount
    of that subject there, else None."""
    if claim.subject is None:
        return None
    key = _loose_key(claim.subject)
    found = [c for c in previous if is_current(c) and _loose_key(c.subject) == key]
    return found[0] if len(found) == 1 else None


def subject_key(subject: str | None) -> str | None:
    """What identifies a subject: the kind of total it names (收入预算 and 收、支预算 are one), else
    its name as printed."""
    kind = subject_kind(subject)
    return f"total:{kind}" if kind is not None else norm_name(subject) if subject is not None else None


def same(one: Claim, other: Claim) -> bool:
    return subject_key(one.subject) == subject_key(other.subject)


def _statements_of(section: Section, claims: list[Claim], previous: list[Claim]) -> list[Stated]:
    used: set[int] = set()
    out: list[Stated] = []

    def before(index: int) -> Iterator[int]:
        """Indices before ``index`` of the same subject: the sentence first, then (for a named
        subject) the paragraph, nearest first."""
        claim = claims[index]
        earlier = range(index - 1, -1, -1)
        yield from (i for i in earlier if same(claims[i], claim) and claims[i].sentence == claim.sentence)
        if claim.subject is not None:
            yield from (i for i in earlier if same(claims[i], claim) and claims[i].sentence != claim.sentence)

    def nearest(index: int, test: Callable[[Claim], bool]) -> int | None:
        return next((i for i in before(index) if test(claims[i])), None)

    for index, claim in enumerate(claims):
        if not is_change(claim):
            continue
        stated = Stated(section, claim.subject, claim.code, claim, change=claim)
        if (i := nearest(index, is_current)) is not None:
            stated.current = claims[i]
            stated.code = stated.code or claims[i].code
        elif not any(is_current(c) and same(c, claim) for c in claims):
            stated.current = _stated_before(claim, previous)
        if (i := nearest(index, is_earlier)) is not None and claims[i].sentence == claim.sentence:
            stated.earlier = claims[i]
            used.add(i)
        for j in range(index + 1, len(claims)):
            other = claims[j]
            if other.sentence != claim.sentence or not same(other, claim):
                continue
            if is_change(other):
                break
            if is_percent_change(other):
                stated.percent = other
                used.add(j)
                break
        used.add(index)
        out.append(stated)
    for index, claim in enumerate(claims):
        if index in used or not is_percent_change(claim):
            continue
        stated = Stated(section, claim.subject, claim.code, claim, percent=claim)
        if (i := nearest(index, is_current)) is not None:
            stated.current = claims[i]
        elif not any(is_current(c) and same(c, claim) for c in claims):
            stated.current = _stated_before(claim, previous)
        if (i := nearest(index, is_earlier)) is not None:
            stated.earlier = claims[i]
            used.add(i)
        used.add(index)
        out.append(stated)
    for index, claim in enumerate(claims):
        if index in used or not is_earlier(claim):
            continue
        stated = Stated(section, claim.subject, claim.code, claim, earlier=claim)
        after = next(
            (
                claims[j]
                for j in range(index + 1, len(claims))
                if claims[j].sentence == claim.sentence and same(claims[j], claim) and is_current(claims[j])
            ),
            None,
        )
        stated.current = after or next((claims[i] for i in before(index) if is_current(claims[i])), None)
        out.append(stated)
    currents = {id(s.current) for s in out}
    for claim in claims:
        if is_current(claim) and id(claim) not in currents and (words := none_before(claim)) is not None:
            out.append(Stated(section, claim.subject, claim.code, claim, current=claim, none_before=words))
    return out
