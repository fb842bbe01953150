"""Prior-year figures as the text states them: this year's amount and the change give last year's.

"基本支出 1051.59 万元，比上年预算减少 95.41 万元" states a prior-year basic budget of 1147.00. The
prior-year figures of the parts must add up to the prior-year figure of the whole, and (with
last year's document, ``yusuan check --prior``) equal what last year's document printed.

Parts are compared with a whole only when this year's amounts show they belong together (this
year's parts add up to this year's whole), and only on the same basis (上年预算 with 上年预算,
not with 上年预算执行数).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from decimal import Decimal

from yusuan.check.amounts import is_money, sign_of, slack, wan
from yusuan.check.context import CheckContext, compare, fmt
from yusuan.check.finding import Hint
from yusuan.check.listed import listed_parts
from yusuan.check.match import (
    Figure,
    figures_en,
    figures_text,
    is_marked,
    norm_name,
    row_figures,
    subject_kind,
    subject_rows,
    total_figures,
)
from yusuan.check.registry import rule
from yusuan.check.reporter import Reporter
from yusuan.check.statements import WHOLE_KINDS, Stated, basis_class, belongs_elsewhere, statements
from yusuan.model.document import Claim, Row, Section, Table

_ITEM_MARK = re.compile(r"[（(]项[)）]")


def _compatible(one: Stated, other: Stated) -> bool:
    """Two statements measured against the same prior-year figure (a bare 上年 goes with 上年预算)."""
    first, second = basis_class(one.basis), basis_class(other.basis)
    return (first or "budget") == (second or "budget")


def _known(stated: Stated) -> bool:
    return stated.prior() is not None and stated.now() is not None


def _together(parts_now: Decimal, whole_now: Decimal) -> bool:
    """This year's parts are this year's whole (loosely: the parts are the whole's, even where
    one of the figures has a typo; the prior-year comparison is the strict one)."""
    return abs(parts_now - whole_now) <= max(Decimal("0.05"), abs(whole_now) * Decimal("0.0005"))


def _now(stated: Stated) -> Decimal:
    value = stated.now()
    assert value is not None
    return value


def _prior(stated: Stated) -> Decimal:
    value = stated.prior()
    assert value is not None
    return value


def _part_text(stated: Stated) -> str:
    return f"{stated.subject} {fmt(_prior(stated))}（{stated.prior_text()}）"


@rule(
    "prior.E001",
    "上年基本支出与项目支出之和应等于上年总额",
    "Prior-year basic + project = prior-year total, as the text states them",
    "正文以“本年数、增减额”说明变化，本年数加（减）增减额即上年数。本年基本支出与项目支出之和等于本年总额的，"
    "上年基本支出与项目支出（及单位预留机动经费）之和也应等于正文所述的上年总额。",
)
def prior_parts_add_up(ctx: CheckContext, report: Reporter) -> None:
    stated = [s for s in statements(ctx) if _known(s)]
    wholes = [s for s in stated if s.kind in WHOLE_KINDS]
    basics = [s for s in stated if s.kind == "basic"]
    projects = [s for s in stated if s.kind == "project"]
    reserves: list[Stated | None] = [None, *(s for s in stated if s.kind == "reserve")]
    reported: set[tuple[Decimal, Decimal]] = set()
    for whole in wholes:
        candidates = []
        for basic, project, reserve in itertools.product(basics, projects, reserves):
            parts = [p for p in (basic, project, reserve) if p is not None]
            if not all(_compatible(p, whole) for p in parts):
                continue
            if not _together(sum((_now(p) for p in parts), Decimal(0)), _now(whole)):
                continue
            total = sum((_prior(p) for p in parts), Decimal(0))
            tolerance_parts = sum(p.prior_parts() for p in parts) + whole.prior_parts()
            if compare(_prior(whole), total, parts=tolerance_parts, places=2) != "different":
                break
            candidates.append((parts, total))
        else:
            if not candidates:
                continue
            parts, total = candidates[0]
            if any(
                other is not whole
                and _together(_now(other), _now(whole))
                and compare(_prior(other), total, parts=tolerance_parts + other.prior_parts(), places=2)
                != "different"
                for other in wholes
            ):
                # another whole of the same amount this year has that prior year (收支总额 with
                # 财政专户 money last year, 一般公共预算 without): the parts are that whole's
                continue
            key = (_prior(whole), total)
            if key in reported:
                continue
            reported.add(key)
            listed = " + ".join(_part_text(p) for p in parts)
            location, provenance = ctx.at_claim(parts[0].section, parts[0].anchor)
            report(
                f"“{whole.subject}”的上年数：正文所述为 {fmt(_prior(whole))}万元（{whole.prior_text()}）；"
                f"按各部分推算为 {listed} = {fmt(total)}万元；相差 {fmt(total - _prior(whole))}万元",
                f"prior year from the text: {' + '.join(f'{p.subject} {_prior(p)}' for p in parts)} = {total}; "
                f"the whole's prior year: {whole.subject} {_prior(whole)}",
                Hint(
                    "核对各项的本年数与增减额，更正推算不一致的一处",
                    "Check each item's amount and change, and correct the one whose prior year does not fit",
                ),
                location,
                provenance,
            )


def _names_a_class(ctx: CheckContext, stated: Stated) -> bool:
    """The statement is about a function class (a 3-digit row of the tables)."""
    rows = _rows(ctx, stated)
    return bool(rows) and all(len(row.code or "") == 3 for _, row, _ in rows)


def _rows(ctx: CheckContext, stated: Stated) -> list[tuple[Table, Row, str]]:
    """The function-subject rows a statement names, under the class or 款 its sentence names;
    "公共安全（类）支出" names the class 公共安全支出."""
    claim = stated.current or stated.anchor
    marked = is_marked(claim)
    rows = subject_rows(ctx, stated.subject, stated.code, claim.parent, marked)
    if not rows and marked and stated.subject and not stated.subject.endswith("支出"):
        rows = [
            r
            for r in subject_rows(ctx, f"{stated.subject}支出", None, None, marked)
            if len(r[1].code or "") == 3
        ]
    return rows


def _is_item(ctx: CheckContext, stated: Stated) -> bool:
    """The statement is about a function subject at 项 level (7-digit code) that a table lists, or
    one the tables cannot list because it is 0 this year, named under its class like the others
    ("涉外发展服务支出（款）其他涉外发展服务支出（项）支出 0万元，与上年相比减少 750 万元")."""
    if stated.kind is not None or (stated.subject is None and stated.code is None):
        return False
    if stated.current is not None and stated.current.parent and _now(stated) == 0:
        return True
    if stated.current is not None and stated.current.parent and _ITEM_MARK.search(stated.current.sentence):
        return True  # "法院（款）一般行政事务管理（项）": a 项 by the sentence, whatever the tables call it
    if stated.code is not None and len(stated.code) == 7:
        return True  # "气象服务（2200509）1396.15万元": a 项 by the code the text prints
    return any(len(row.code or "") == 7 for _, row, _ in _rows(ctx, stated))


@rule(
    "prior.E002",
    "各项的上年数之和应等于上年总额",
    "The prior-year figures of the 项 add up to the prior-year total",
    "“一般公共预算当年拨款具体使用情况”等逐项说明的，各项科目的上年数（本年数加减增减额，或正文所列上年数；"
    "写明“上年度该科目无预算资金”的为0）之和应等于正文所述同一资金的上年总额，一类之下各项的上年数之和也应等于"
    "正文所述该类的上年数；正文写明编码逐类说明经济分类（301…、501…）的，各类的上年数之和同样应等于上年总额"
    "（本年各项之和在尾差之内等于本年总额或该类本年数时比较）。正文以“预算A万元，包括P1 a1万元、P2 a2万元……”列出"
    "一个总额的各部分、其后逐条（（一）（二）……）说明各部分增减的，各部分的上年数（本身未说明增减的部分，取其逐条"
    "列出的各项目之和）之和同样应等于正文另处所述同一金额的上年总额；有一个部分的增减无从得知时不比较。"
    "各项之和超过上年总额的为错误；少于上年总额的，差额可能是本年不再安排的科目，报 prior.W002 警告。",
)
def prior_items_add_up(ctx: CheckContext, report: Reporter) -> None:
    stated = [s for s in statements(ctx) if _known(s)]
    wholes = [s for s in stated if s.kind in WHOLE_KINDS]
    classes = [
        (code, s)
        for s in stated
        if s.kind is None and not _is_item(ctx, s) and _names_a_class(ctx, s) and (code := _class_of(ctx, s))
    ]
    reported: set[tuple[Decimal, Decimal]] = set()
    for section in ctx.sections():
        items: list[Stated] = []
        seen: set[tuple[str, Decimal, Decimal]] = set()
        for s in stated:
            if s.section is not section or not _is_item(ctx, s):
                continue
            key = (norm_name(s.subject or s.code), _now(s), _prior(s))
            if key not in seen:
                seen.add(key)
                items.append(s)
        if len(items) < 2:
            continue
        # the 项 of one class against what the text states for the class (in any part of it:
        # "公共安全（类）支出26200.88万元，与上年相比增加2687.77万元" and its six 法院 项); a
        # difference found there is not reported again for all the items against the total
        by_class: dict[str, list[Stated]] = {}
        for item in items:
            if code := _class_of(ctx, item):
                by_class.setdefault(code, []).append(item)
        explained = Decimal(0)
        for code, members in by_class.items():
            if len(members) >= 2:
                own = [c for of, c in classes if of == code and _same_scope(c.section, section, wholes)]
                explained += _items_against(ctx, report, section, members, own, reported) or 0
        _items_against(ctx, report, section, items, wholes, reported, explained)
    # the economic classes the text lists with their codes, the department's (301 工资福利支出 …)
    # and the government's (501 机关工资福利支出 …) each a list of its own: each is reported, even
    # where the second repeats the first's changes (xian/07 pp.17–18), but not again where the 项
    # gave the same figures
    by_scheme = {scheme: set(reported) for scheme in "35"}
    for section in ctx.sections():
        for scheme in "35":
            listed: dict[tuple[str, Decimal, Decimal], Stated] = {}
            for s in stated:
                if s.section is section and s.kind is None and _economic_class(s, scheme):
                    listed.setdefault((s.code or "", _now(s), _prior(s)), s)
            if len(listed) >= 2:
                _items_against(ctx, report, section, list(listed.values()), wholes, by_scheme[scheme])
    _listed_against(ctx, report, stated, reported)


def _listed_against(
    ctx: CheckContext, report: Reporter, stated: list[Stated], reported: set[tuple[Decimal, Decimal]]
) -> None:
    """A whole listed with its parts ("预算55,884.67万元，包括在职人员经费…、项目支出…"), each part's
    change stated under its number further on: the parts' prior years against the prior year of
    the whole, stated elsewhere with the same amount (shenzhen/05 pp.5–8)."""
    for listed in listed_parts(ctx):
        kinds = {subject_kind(p.subject) for p in listed.parts}
        if kinds <= {"basic", "project", "reserve"}:
            continue  # basic + project: prior.E001's
        kind = subject_kind(listed.whole.subject)
        leaves = {id(s) for s in listed.leaves}
        own = [
            s
            for s in stated
            if id(s) not in leaves and s.kind in (None, "overall", kind) and _now(s) == wan(listed.whole)
        ]
        # the whole's spending before its income (or its income first, for a list of income)
        side = "收入" if "收入" in (listed.whole.subject or "") else "支出"
        own.sort(key=lambda s: side not in (s.subject or ""))
        _items_against(ctx, report, listed.section, listed.leaves, own, reported, what="个部分")


def _economic_class(stated: Stated, scheme: str) -> bool:
    """The statement names an economic class by the code the text prints: "工资福利支出(301)" (the
    department's classes, ``scheme`` 3) or "机关工资福利支出（501）" (the government's, 5)."""
    return stated.code is not None and len(stated.code) == 3 and stated.code.startswith(scheme)


def _same_scope(one: Section, other: Section, wholes: list[Stated]) -> bool:
    """Two parts of the text speak of the same money: the same part, or parts where every total the
    first states agrees with one of the second's, this year and last (收支总体 and 财政拨款 of a unit with nothing but 财政拨款 both years; not where
    last year's total held 财政专户 money that this year's has not — js-party-cttee-office 2018)."""
    if one is other:
        return True
    firsts = [w for w in wholes if w.section is one]
    seconds = [w for w in wholes if w.section is other]
    return bool(firsts) and all(
        any(
            _together(_now(a), _now(b)) and compare(_prior(a), _prior(b), places=2) == "equal"
            for b in seconds
        )
        for a in firsts
    )


def _class_of(ctx: CheckContext, stated: Stated) -> str | None:
    """The one function class a statement's subject is (a 3-digit row) or lies in (a 7-digit row,
    or the 款 or class its sentence names it under)."""
    if stated.code is not None and len(stated.code) == 7:
        return stated.code[:3]
    codes = {row.code[:3] for _, row, _ in _rows(ctx, stated) if row.code and len(row.code) in (3, 7)}
    claim = stated.current or stated.anchor
    if not codes and claim.parent:
        codes = {row.code[:3] for _, row, _ in subject_rows(ctx, claim.parent, None, None, True) if row.code}
    return codes.pop() if len(codes) == 1 else None


def _items_against(
    ctx: CheckContext,
    report: Reporter,
    section: Section,
    items: list[Stated],
    wholes: list[Stated],
    reported: set[tuple[Decimal, Decimal]],
    explained: Decimal = Decimal(0),
    what: str = "项科目",
) -> Decimal | None:
    """The items' prior-year figures against the prior year of the whole whose amount this year
    they add up to; silent where any such whole agrees, or where the difference is the one
    already reported (``explained``) for some of the items. The difference reported, if any."""
    now = sum((_now(s) for s in items), Decimal(0))
    total = sum((_prior(s) for s in items), Decimal(0))
    tolerance_parts = sum(s.prior_parts() for s in items)
    # this year's items are all of the whole's, to the rounding of the figures: an item the text
    # states no change for (“较上年无增减”, “上年基数为零”) is missing from them, and its prior
    # year with it (xian/17 2025: 9 of 11 项, 2.16万元 short of 5,093.76)
    matching = [
        w
        for w in wholes
        if all(_compatible(s, w) for s in items)
        and _together(now, _now(w))
        and compare(_now(w), now, parts=len(items) + 1, places=2) != "different"
    ]
    if not matching or any(
        compare(_prior(w), total, parts=tolerance_parts + w.prior_parts(), places=2) != "different"
        for w in matching
    ):
        return None
    whole = matching[0]
    if (_prior(whole), total) in reported or (explained and total - _prior(whole) == explained):
        return None
    reported.add((_prior(whole), total))
    location, provenance = ctx.at_claim(section, items[0].anchor)
    parts = what != "项科目"  # parts named as the text names them, each with its prior year
    listed = " + ".join(f"{s.subject} {fmt(_prior(s))}" if parts else fmt(_prior(s)) for s in items)
    message = (
        f"“{whole.subject}”的上年数：正文所述为 {fmt(_prior(whole))}万元（{whole.prior_text()}）；"
        f"按{len(items)}{what}推算为 {listed} = {fmt(total)}万元；相差 {fmt(total - _prior(whole))}万元"
    )
    if parts:
        # the changes, as the text states them: the parts' against the whole's
        message += (
            f"（各部分增减合计 {_signed(now - total)}万元，“{whole.subject}”增减 "
            f"{_signed(_now(whole) - _prior(whole))}万元）"
        )
    english = (
        f"the prior-year figures of the {len(items)} {'parts' if parts else 'items'} add up to {total}; "
        f"the text's prior-year total ({whole.subject}) is {_prior(whole)}"
    )
    dropped = "项目" if parts else "科目"
    if total < _prior(whole):
        # the items fall short of last year's total: a subject budgeted last year and not this year
        # would do that, and the text need not list it — a warning, not an error
        report.companion("prior.W002")(
            message + f"，可能是上年安排、本年不再安排的{dropped}未作说明",
            english + "; a subject budgeted last year and not this year may be missing from the list",
            Hint(
                "说明上年安排、本年不再安排的科目及其金额；或逐项核对本年数与增减额",
                "Name the subjects budgeted last year and not this year, with their amounts; or check each item's amount and change",
            ),
            location,
            provenance,
        )
    else:
        report(
            message,
            english,
            Hint(
                "逐项核对本年数与增减额：各项的上年数之和不应超过上年总额",
                "Check each item's amount and change: the items' prior years cannot add up to more than the prior-year total",
            ),
            location,
            provenance,
        )
    return total - _prior(whole)


def _signed(value: Decimal) -> str:
    return f"+{fmt(value)}" if value > 0 else fmt(value)


def _last_year(prior: CheckContext, stated: Stated) -> list[Figure]:
    if stated.kind is not None:
        return total_figures(prior, stated.kind) if stated.kind in (*WHOLE_KINDS, "basic", "project") else []
    code = stated.code or (stated.current.code if stated.current is not None else None)
    return row_figures(prior, stated.subject, code)


@rule(
    "prior.W002",
    "各项的上年数之和少于上年总额",
    "The prior-year figures of the items fall short of the prior-year total",
    "各项科目的上年数之和少于正文所述的上年总额：差额可能是上年安排、本年不再安排而正文未列出的科目，"
    "也可能是某项的增减额有误。由 prior.E002 在比较时发出（各项之和超过上年总额的，是 prior.E002 错误）。",
    emitted_by="prior.E002",
)
def prior_items_short_warning(ctx: CheckContext, report: Reporter) -> None:
    """Emitted by prior.E002."""


@rule(
    "prior.E003",
    "正文所述上年数应与上年公开文件一致",
    "The prior-year figure the text states equals last year's document",
    "提供上年的预算公开文件（yusuan check --prior）时，本年正文所述的上年数（本年数加减增减额）应等于上年文件中"
    "同一科目（按编码或完全相同的名称）或同一总额的预算数。以上年预算执行数为比较基础的不比较。",
)
def prior_matches_last_year(ctx: CheckContext, report: Reporter) -> None:
    if ctx.prior is None:
        return
    last = CheckContext(ctx.prior)
    reported: set[tuple[str | None, Decimal]] = set()
    for stated in statements(ctx):
        if not _known(stated) or basis_class(stated.basis) == "execution":
            continue
        figures = _last_year(last, stated)
        prior = _prior(stated)
        if not figures or any(
            compare(prior, f.value, parts=stated.prior_parts(), places=2) != "different" for f in figures
        ):
            continue
        key = (stated.kind or norm_name(stated.subject or stated.code), prior)
        if key in reported:
            continue
        reported.add(key)
        location, provenance = ctx.at_claim(stated.section, stated.anchor)
        report(
            f"“{stated.subject}”：按本年正文推算的上年数：{stated.prior_text()}；上年文件：{figures_text(figures)}",
            f"{stated.subject}: the prior year from this year's text is {prior}; last year's document gives "
            f"{figures_en(figures)}",
            Hint(
                "核对本年的增减额，或上年文件中的数字",
                "Check this year's change, or the figure in last year's document",
            ),
            location,
            provenance,
        )


def _excerpt(claim: Claim, width: int = 36) -> str:
    """The words of the sentence up to the claim's figure."""
    end = claim.sentence.find(claim.text)
    end = len(claim.sentence) if end < 0 else end + len(claim.text)
    start = max(0, end - width)
    return ("…" if start else "") + claim.sentence[start:end]


@rule(
    "prior.W001",
    "增减变化的比较基础应一致",
    "Changes are measured against one basis",
    "同一文件中，有的增减以“上年预算”为基础，有的以“上年预算执行数”（或决算）为基础，另有增减只写“比上年”，"
    "未说明以哪一个为基础，读者无法把各项增减与总额增减对照。每处都写明比较基础的（“比上年执行数”“比上年预算数”），"
    "不报告。",
)
def one_basis(ctx: CheckContext, report: Reporter) -> None:
    found: dict[str, list[tuple[Section, Claim]]] = {"budget": [], "execution": [], "unnamed": []}
    for section, claim in ctx.claims():
        if claim.kind not in ("change", "percent", "amount") or not claim.basis:
            continue
        if claim.kind == "amount" and not is_money(claim):
            continue
        if claim.kind == "percent" and sign_of(claim.direction) is None:
            continue
        kind = basis_class(claim.basis)
        if kind is not None:
            found[kind].append((section, claim))
        elif claim.kind != "amount" and sign_of(claim.direction) in (1, -1):
            found["unnamed"].append((section, claim))  # "与上年持平" of a zero amount is flat either way
    if not found["budget"] or not found["execution"] or not found["unnamed"]:
        return  # one basis, or each change names its own: the reader can tell (huzhou/01 p.6)
    # a place is a sentence: its change and its percent are one statement
    counts = Counter({k: len({claim.sentence for _, claim in v}) for k, v in found.items()})
    section, claim = found["unnamed"][0]
    location, provenance = ctx.at_claim(section, claim)
    examples = {k: found[k][0][1] for k in found}
    report(
        f"增减变化的比较基础不一：以“{examples['budget'].basis}”为基础的{counts['budget']}处"
        f"（如“{_excerpt(examples['budget'])}”），以“{examples['execution'].basis}”为基础的"
        f"{counts['execution']}处（如“{_excerpt(examples['execution'])}”），"
        f"另有{counts['unnamed']}处只写“{examples['unnamed'].basis}”，未说明比较基础（如“{_excerpt(examples['unnamed'])}”）",
        f"changes are stated against two bases: {examples['budget'].basis} ({counts['budget']}) and "
        f"{examples['execution'].basis} ({counts['execution']}), and {counts['unnamed']} against "
        f"{examples['unnamed'].basis} without saying which",
        Hint(
            "统一比较基础，或在正文中说明各部分的比较基础",
            "Use one basis of comparison, or state in the text the basis of each part",
        ),
        location,
        provenance,
    )


@rule(
    "prior.E004",
    "增加额不应大于本年数",
    "An increase is not larger than this year's amount",
    "“本年X万元，比上年增加C万元”意味着上年为 X−C；C 大于 X 时上年数为负，不可能。",
)
def prior_not_negative(ctx: CheckContext, report: Reporter) -> None:
    for stated in statements(ctx):
        change, current = stated.change, stated.current
        if change is None or current is None or not is_money(change) or sign_of(change.direction) != 1:
            continue
        if change.sentence != current.sentence:
            continue  # a change in a sentence of its own may be the item's, not this amount's
        prior = wan(current) - wan(change)
        if prior >= -(slack(current) + slack(change)):
            continue
        if belongs_elsewhere(ctx, stated):
            continue
        location, provenance = ctx.at_claim(stated.section, change)
        report(
            f"“{stated.subject}”：正文：{current.text}，{change.direction}{change.text}；"
            f"按此上年数为 {fmt(wan(current))} − {fmt(wan(change))} = {fmt(prior)}万元，不可能为负",
            f"{stated.subject}: the text says {current.text}, up {change.text}: the prior year would be "
            f"{prior} (negative)",
            Hint(
                "核对本年数与增加额（是否误写了其他科目的增减）",
                "Check this year's amount and the increase (the change of another subject may have been written)",
            ),
            location,
            provenance,
        )
