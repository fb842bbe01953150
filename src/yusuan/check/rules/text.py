"""The text against the tables and against itself: amounts, percentage changes, directions, reasons.

A claim (:class:`~yusuan.model.document.Claim`) is a number the text states about a subject.
Subjects are matched conservatively: by a classification code printed in the sentence, or by the
exact name of a table row after normalising spaces, brackets and quotes; totals (基本支出, 项目支出,
收入预算 …) by a closed list of wordings. Where several figures could be meant, the text must agree
with at least one of them; where none is found, nothing is said.

The helpers live in the check package, shared with the other families: ``check.amounts`` (money
in 万元, rounding of percentages), ``check.match`` (the figures a claim may be about) and
``check.statements`` (the changes the text states).

One module (~560 lines) for one rule family (text.*): its rules compare what the text states
with the tables through those same helpers, and each rule's own steps stand right after it. The
reasons of changes (text.W001) have a module of their own: ``check.rules.reasons``.
"""

from __future__ import annotations

import re

from yusuan.check import text_tables
from yusuan.check.amounts import en, is_money, pct, percent_verdict, ratio_range, sign_of, slack, wan
from yusuan.check.context import CheckContext, fmt, places_of
from yusuan.check.denials import contradicted
from yusuan.check.finding import Hint, Location
from yusuan.check.match import (
    BOTH_SIDES,
    Figure,
    agrees,
    economic_class_figures,
    figures_en,
    figures_text,
    is_marked,
    norm_name,
    other_funds_basic,
    row_figures,
    same_name_other_code,
    subject_kind,
    total_figures,
)
from yusuan.check.places import place_in_paragraph, sentence_at
from yusuan.check.registry import rule
from yusuan.check.reporter import Reporter
from yusuan.check.statements import (
    Stated,
    belongs_elsewhere,
    claim_offsets,
    is_current,
    paragraphs_of,
    statements,
)
from yusuan.lexicon import DIRECTION_WORD, FLAT_WORD
from yusuan.model.document import Claim, Section
from yusuan.model.money import HUNDRED
from yusuan.text.claims import round_bracket_end
from yusuan.text.spacing import squeeze

# ------------------------------------------------------------------ the rules


@rule(
    "text.E001",
    "正文所述金额应与表中数字一致",
    "An amount in the text equals the table's figure",
    "正文说明的各项金额应与所附表格一致（换算元与万元后）。按科目编码或与表中科目名称完全相同的名称对照；"
    "基本支出、项目支出对照支出表与基本支出表合计，人员经费、公用经费对照基本支出表。"
    "可能对应多个数字时，与其中之一相符即可。按单位说明支出、开头即为全部预算（部门只有一个单位）的部分，"
    "所列经济分类类级科目（“对个人和家庭的补助支出”）对照表中该类的基本支出。正文所列项级科目编码（“其他社会保障和就业支出（2089901）”）"
    "各表都没有、而表中同一款下有同名科目的，编码有一处印错，也报告；不知版式时只核对这一项。"
    "部门整体支出绩效目标表“年度预算安排”所列基本支出、项目支出，同样对照支出表与基本支出表合计。"
    "正文称本单位当年“无政府性基金预算支出”“无国有资本经营预算支出”“无上级专项转移支付预算支出”的，"
    "对照该项资金的表（各表都印有非零数时报告）和项目表中名为“上级下达资金”“上级转移支付项目”等的项目。"
    "正文中比较本年与上年的对比表（年度 | 合计 | 项目支出 | 基本支出 …），所列本年数同样对照表中的总数。"
    "表中只印出一般公共预算的基本支出（人员经费、公用经费），而正文所述多出的部分不超过其他资金的基本支出的，"
    "或各表只印出各本账的基本支出、项目支出而没有全部资金的合计、正文所述大于各表的，可能是表中未印的合计，不报告。",
)
def amounts_match_tables(ctx: CheckContext, report: Reporter) -> None:
    layout_known = ctx.profile is not None
    for section, printed in ctx.claims():
        if not is_current(printed):
            continue
        claim = printed
        if not layout_known:
            # which table is which is not known, but a code is a code: a 项 the text cites by a
            # code no table prints, printed under another code of the same 款, is still wrong
            if (
                claim.code
                and claim.subject
                and not subject_kind(claim.subject)
                and not row_figures(ctx, claim.subject, claim.code, claim.parent, is_marked(claim))
            ):
                _code_not_printed(ctx, report, section, claim)
            continue
        kind = subject_kind(claim.subject)
        if kind in ("overall", "fiscal"):
            continue  # text.E004
        if kind in _FUND_KINDS and (
            _part_of_another(section, claim)
            or (section.key.startswith("section_") and not _whole_budget(ctx, section))
        ):
            continue  # a fund's share of one project or unit, not the fund's total
        if kind is not None:
            figures = total_figures(ctx, kind)
        else:
            if claim.subject is None and claim.code is None:
                continue
            if claim.code is None and claim.parent is None and section.key.startswith("section_"):
                # a bare name in a part of the text the reader could not place (Shenzhen's spending
                # by unit and project: "行政运行 85.04 万元" is a project's part): not a subject row;
                # but where the part opens with the whole budget (the department's one unit), an
                # economic class it names is the department's ("对个人和家庭的补助支出 439.45 万元")
                if not _whole_budget(ctx, section):
                    continue
                figures = economic_class_figures(ctx, claim.subject)
                if figures and not agrees(claim, figures):
                    _report_differs(ctx, report, section, claim, figures)
                continue
            figures = row_figures(ctx, claim.subject, claim.code, claim.parent, is_marked(claim))
            if not figures and claim.code:
                _code_not_printed(ctx, report, section, claim)
        if not figures or agrees(claim, figures):
            continue
        if not _of_general_budget(section, claim):
            if kind in ("basic", "personnel", "public") and _with_other_funds(ctx, section, claim, figures):
                continue
            if kind in ("basic", "project") and _whole_not_printed(claim, figures):
                continue
        if kind is None and all(f.part for f in figures) and wan(claim) > max(f.value for f in figures):
            continue  # "公务接待费2.00万元" and 30217 1.00万元 of basic expenditure: the rest is in projects
        _report_differs(ctx, report, section, claim, figures)

    if layout_known:
        _empty_by_its_note(ctx, report)
        _denied_spending(ctx, report)
        _comparison_grids(ctx, report)
        _whole_department_targets(ctx, report)


def _whole_department_targets(ctx: CheckContext, report: Reporter) -> None:
    """The 部门整体支出绩效目标表 states the budget's 基本支出 and 项目支出 (年度预算安排): each is one of
    the tables' totals of its kind, read in 万元 or, where no unit is printed beside it, in 元."""
    for table in ctx.document.performance:
        if "整体" not in table.title:
            continue
        for label, kind in (("基本支出", "basic"), ("项目支出", "project")):
            cell = table.fields.get(label)
            if cell is None or cell.value is None:
                continue
            claim = Claim(
                subject=label,
                kind="amount",
                value=cell.value,
                unit="万元",
                text=f"{cell.text}",
                sentence=f"{table.title}：{label} {cell.text}",
                provenance=cell.provenance,
            )
            figures = total_figures(ctx, kind)
            if (
                not figures
                or agrees(claim, figures)
                or agrees(claim.model_copy(update={"unit": "元"}), figures)
            ):
                continue
            report(
                f"“{label}”：{squeeze(table.title)}：{cell.text}；表中：{figures_text(figures)}",
                f"{label}: the {table.title} says {cell.text}; the tables give {figures_en(figures)}",
                Hint(
                    "核对部门整体支出绩效目标表的年度预算安排与预算表，更正其中有误的数字",
                    "Check the annual budget in the overall performance target table against the budget tables and correct the wrong figure",
                ),
                Location(table=table.title, row=label),
                cell.provenance,
            )


def _report_differs(
    ctx: CheckContext, report: Reporter, section: Section, claim: Claim, figures: list[Figure]
) -> None:
    name = claim.subject or claim.code or ""
    location, provenance = ctx.at_claim(section, claim)
    # where every table it compares with is identified by a guess (its title's words, its shape),
    # the finding is a notice that says so
    guessed = [f.key for f in figures if ctx.guessed_table(f.key)]
    rests_on = tuple(guessed[:1]) if figures and len(guessed) == len(figures) else ()
    report(
        f"“{name}”：正文：{claim.text}；表中：{figures_text(figures)}",
        f"{name}: the text says {claim.text}; the tables give {figures_en(figures)}",
        Hint(
            "核对正文与表格，更正其中有误的数字",
            "Check the text against the tables and correct the wrong figure",
        ),
        location,
        provenance,
        rests_on,
    )


_FUND_KINDS = frozenset({"general", "gov_fund", "state_capital", "carry_over"})
# tables of the general budget's basic expenditure alone
_GENERAL_BASIC = frozenset({"basic_economic", "general", "fiscal_basic"})


def _of_general_budget(section: Section, claim: Claim) -> bool:
    """The sentence or its section is about the general budget alone (一般公共预算基本支出情况)."""
    return "一般公共预算" in squeeze(section.title) or "一般公共预算" in claim.sentence


def _whole_not_printed(claim: Claim, figures: list[Figure]) -> bool:
    """A 基本支出 or 项目支出 above every figure the tables print of it, where those are the funds'
    own (一般公共预算, 政府性基金 …) and no table prints the whole budget's (湖州 表03 prints 基本支出
    as 人员支出 and 公用经费 only): the text's figure may be the whole, which no table shows."""
    if any(f.key == "expenditure" for f in figures):
        return False
    funds = [f for f in figures if f.key in ("gov_fund", "state_capital", "carry_over") and f.value > 0]
    return bool(funds) and wan(claim) > max(f.value for f in figures)


def _with_other_funds(ctx: CheckContext, section: Section, claim: Claim, figures: list[Figure]) -> bool:
    """A 基本支出, 人员经费 or 公用经费 the text states for 财政拨款 (its section or sentence says so),
    where the tables print only the general budget's (苏州 "财政拨款基本支出…公用经费" against 一般公共预算基本支出表):
    more than the general budget's figure by no more than the other fiscal funds' basic expenditure
    (``match.other_funds_basic``: 政府性基金, 国有资本经营)."""
    if "财政拨款" not in squeeze(section.title) + claim.sentence:
        return False  # said of the whole budget or of no fund: the general figure is meant
    if not all(f.key in _GENERAL_BASIC for f in figures):
        return False
    other = other_funds_basic(ctx)
    if other is None or other <= 0:
        return False
    value = wan(claim)
    return any(f.value < value <= f.value + other + slack(claim) for f in figures)


def _part_of_another(section: Section, claim: Claim) -> bool:
    """A fund named after "其中" that splits another figure of the sentence, not the budget's total
    ("污水处理费预算总额87,946.96万元，分别从一般公共预算与政府性基金列支，其中：政府性基金20,537.80
    万元" is one project's money from that fund)."""
    sentence = claim.sentence
    split = sentence.find("其中")
    if split < 0 or sentence.find(claim.text) < split:
        return False
    before = [
        c
        for c in section.claims
        if c.sentence == sentence and 0 <= sentence.find(c.text) < split and is_money(c)
    ]
    return bool(before) and not any(subject_kind(c.subject) in ("overall", "fiscal") for c in before)


def _whole_budget(ctx: CheckContext, section: Section) -> bool:
    """Whether a part opens with the document's whole budget ("深圳市应急管理局（本级）预算
    14,316.37 万元" where the tables' total is 14,316.37): what it says is the department's."""
    first = next((c for c in section.claims if is_current(c)), None)
    if first is None:
        return False
    totals = total_figures(ctx, "overall")
    return bool(totals) and agrees(first, totals)


def _code_not_printed(ctx: CheckContext, report: Reporter, section: Section, claim: Claim) -> None:
    """The text cites a 项 by a code no table prints, and the tables print its name under another
    code of the same 款: one of the two codes is wrong."""
    others = same_name_other_code(ctx, claim.subject, claim.code)
    if len(others) != 1:
        return
    ((code, figures),) = others.items()
    name = claim.subject or ""
    location, provenance = ctx.at_claim(section, claim)
    report(
        f"“{name}”：正文所列科目编码 {claim.code}（{claim.text}）表中没有；表中同名科目的编码为 {code}："
        f"{figures_text(figures)}",
        f"{name}: the text cites code {claim.code} ({claim.text}), which no table prints; the tables print "
        f"this subject as {code}: {figures_en(figures)}",
        Hint(
            "核对科目编码，更正正文或表中有误的一处",
            "Check the code and correct it in the text or the table, whichever is wrong",
        ),
        location,
        provenance,
    )


def _comparison_grids(ctx: CheckContext, report: Reporter) -> None:
    """A grid in the text comparing the budget year with the year before states the year's totals:
    each is one of the tables' figures of its kind (xian/12 p.10: 专项业务费 1535.82 for the
    1715.97 of the 专项业务经费 table). See ``check.text_tables``."""
    for item in text_tables.stated(ctx):
        claim = item.claim()
        figures = [f for kind in text_tables.KINDS[item.column.key] for f in total_figures(ctx, kind)]
        if not figures or agrees(claim, figures):
            continue
        name = item.column.title
        report(
            f"“{name}”：{item.table.title}：{ctx.year}年 {claim.text}；表中：{figures_text(figures)}",
            f"{name}: the comparison grid in the text says {claim.text} for {ctx.year}; the tables give "
            f"{figures_en(figures)}",
            Hint(
                "核对正文中的对比表与预算表，更正其中有误的数字",
                "Check the comparison grid in the text against the budget tables and correct the wrong figure",
            ),
            Location(table=item.table.title, table_key=item.table.key, row=str(ctx.year), column=name),
            item.current.provenance,
        )


def _denied_spending(ctx: CheckContext, report: Reporter) -> None:
    """The text denies a kind of spending ("本单位无…上级专项转移支付预算支出") that the tables print
    (a project 上级下达资金 237.00万元, shenzhen/18 p.15 against p.8): see ``check.denials``."""
    for denial, figures in contradicted(ctx):
        guessed = [f.key for f in figures if ctx.guessed_table(f.key)]
        report(
            f"“{denial.words}”：正文称无{denial.words}（{denial.sentence}）；表中：{figures_text(figures)}",
            f"{denial.words}: the text says there is none ({denial.sentence}); the tables give "
            f"{figures_en(figures)}",
            Hint(
                "核对正文与表格：确无此项支出的，更正表格；有的，删去或改写正文中“无……”的说法",
                "Check the text against the tables: where there is no such spending, correct the tables; "
                "where there is, delete or rewrite the denial",
            ),
            Location(section=denial.section.heading, sentence=sentence_at(denial.paragraph, denial.at)),
            place_in_paragraph(denial.section, denial.paragraph, denial.at),
            tuple(guessed[:1]) if len(guessed) == len(figures) else (),
        )


def _empty_by_its_note(ctx: CheckContext, report: Reporter) -> None:
    """A note that says the table is empty ("…无“三公”经费和机关运行经费预算，故本表为空表") under a
    table that prints figures (a note left from the template, or figures that should not be there)."""
    for table in ctx.document.tables:
        note = squeeze(table.note or "")
        if not re.search(r"本表为空表|故本表为空|此表为空表", note):
            continue
        printed = [
            (row, column.key, cell)
            for row in table.rows
            for column, cell in zip(table.columns, row.cells, strict=False)
            if column.kind == "figure" and cell.value
        ]
        if not printed:
            continue
        row, key, cell = printed[0]
        location, provenance = ctx.at_cell(table, row, key)
        report(
            f"表“{table.title}”下注明“{table.note}”，表中却印有数字（如 {cell.text}）",
            f"the note under '{table.title}' says the table is empty, yet it prints figures (e.g. {cell.text})",
            Hint(
                "核对此表：确无数据的删去表中数字，有数据的删去或改写表下注释",
                "Check the table: with no data, delete its figures; with data, delete or rewrite the note under it",
            ),
            location,
            provenance,
        )


@rule(
    "text.E002",
    "增减百分比应与所述金额、增减额一致",
    "A percentage change agrees with the amount and change stated with it",
    "“X万元，比上年减少C万元，下降P%”：上年数为 X+C（增加时 X−C），P 应为 C ÷ 上年数 × 100，"
    "按P印出的位数四舍五入；给出上年数的（“上年预算数为B万元，本年安排X万元，增长P%”），P 应为 (X−B) ÷ B × 100。"
    "差额超出各数印出位数的舍入范围即为错误；为截尾或进位所得的，由 text.N001 提示。",
)
def percent_matches_change(ctx: CheckContext, report: Reporter) -> None:
    previous: Stated | None = None  # the statement before, for a percentage copied from it
    for stated in statements(ctx):
        last, previous = previous, stated
        percent, current = stated.percent, stated.current
        if percent is None:
            continue
        printed_sign = sign_of(percent.direction)
        if current is None:
            # "上年预算数为B万元，增加C万元，增长P%": P is C ÷ B
            earlier, change_claim = stated.earlier, stated.change
            if earlier is None or change_claim is None or not is_money(change_claim) or wan(earlier) <= 0:
                continue
            prior, change = wan(earlier), wan(change_claim)
            computed_sign = sign_of(change_claim.direction)
            span = ratio_range(change, slack(change_claim), prior, slack(earlier))
            exact = change / prior * HUNDRED
            basis = f"{change_claim.text}÷上年{earlier.text}"
            basis_en = f"{change} / prior {prior}"
        elif stated.change is not None and is_money(stated.change):
            implied = stated.prior()
            if implied is None or implied < 0 or belongs_elsewhere(ctx, stated):
                continue
            prior = implied
            if prior == 0:
                _from_nothing(ctx, report, stated)
                continue
            change = wan(stated.change)
            change_slack = slack(stated.change)
            computed_sign = sign_of(stated.change.direction)
            span = ratio_range(change, change_slack, prior, slack(current) + change_slack)
            exact = change / prior * HUNDRED
            basis = f"{stated.change.text}÷上年{fmt(prior)}万元（{stated.prior_text()}）"
            basis_en = f"{change} / prior {prior}"
        elif stated.earlier is not None and stated.change is None:
            prior = wan(stated.earlier)
            if prior <= 0:
                continue
            difference = wan(current) - prior
            computed_sign = 1 if difference > 0 else -1 if difference < 0 else 0
            span = ratio_range(
                abs(difference), slack(current) + slack(stated.earlier), prior, slack(stated.earlier)
            )
            exact = abs(difference) / prior * HUNDRED
            basis = f"({fmt(wan(current))} − {fmt(prior)}) ÷ {fmt(prior)}"
            basis_en = f"({wan(current)} - {prior}) / {prior}"
        else:
            continue
        if span is None:
            continue
        places = places_of(percent.value)
        word = {1: "增长", -1: "下降", 0: "持平"}
        # "上年1.48万元，本年2.63万元，比上年减少77.70%": the amounts go the other way
        wrong_way = stated.change is None and computed_sign not in (0, printed_sign)
        verdict = "different" if wrong_way else percent_verdict(percent.value, exact, span)
        if verdict == "ok":
            continue
        name = stated.subject or ""
        location, provenance = ctx.at_claim(stated.section, percent)
        if verdict == "rounding":
            report.companion("text.N001")(
                f"“{name}”：正文：{percent.direction}{percent.text}；按金额计算：{basis} = {exact:.4f}%，"
                f"四舍五入为 {pct(exact, places)}（正文为截尾或进位的数）",
                f"{name}: the text says {en(percent.direction)} {percent.text}; {basis_en} = {exact:.4f}%, which rounds to "
                f"{pct(exact, places)} (the text truncates or rounds up)",
                Hint("按四舍五入更正百分比", "Correct the percentage by rounding half up"),
                location,
                provenance,
            )
            continue
        computed = f"{word.get(computed_sign or 0, '')}{pct(exact, max(places, 2))}"
        copied = ""
        if (
            last is not None
            and last.section is stated.section
            and last.percent is not None
            and last.percent.value == percent.value
            and last.subject != stated.subject
        ):
            copied = f"；与上一项“{last.subject or ''}”的百分比相同，可能照抄了上一项"
        report(
            f"“{name}”：正文：{percent.direction}{percent.text}；按金额计算：{basis}，{computed}{copied}",
            f"{name}: the text says {en(percent.direction)} {percent.text}; from the amounts, {basis_en} "
            f"gives {en(word.get(computed_sign or 0))} {pct(exact, max(places, 2))}",
            Hint(
                "核对本年数、增减额与百分比，更正其中有误的数字",
                "Check this year's amount, the change and the percentage, and correct the wrong figure",
            ),
            location,
            provenance,
        )


def _from_nothing(ctx: CheckContext, report: Reporter, stated: Stated) -> None:
    """ "较上年增加40万元，增幅100.0%" for an amount of 40 万元: the prior year had nothing, and a rate
    of growth from nothing is undefined (the text should say 新增)."""
    percent, current, change = stated.percent, stated.current, stated.change
    if percent is None or current is None or change is None:
        return
    if sign_of(change.direction) != 1 or sign_of(percent.direction) != 1 or not current.value:
        return  # nothing this year and nothing last year is 持平 (text.W002)
    name = stated.subject or ""
    location, provenance = ctx.at_claim(stated.section, percent)
    report.companion("text.N002")(
        f"{f'“{name}”：' if name else ''}正文：本年{current.text}，{change.direction}{change.text}，{percent.direction}{percent.text}；"
        f"上年为0（{stated.prior_text()}），增长百分比无从计算",
        f"{name}: the text says {current.text}, {en(change.direction)} {change.text}, {percent.text}; the prior "
        "amount is 0, so no percentage can be computed",
        Hint(
            "上年为0的可写“新增”，不写百分比", "With a prior year of 0, write “新增” (new) and no percentage"
        ),
        location,
        provenance,
    )


@rule(
    "text.N001",
    "增减百分比为截尾或进位所得",
    "A percentage change is truncated or rounded up",
    "百分比应四舍五入；截尾或进位的数与按金额计算的数相差不超过末位一个单位，不是错误，但应更正。由 text.E002 在比较时发出。",
    emitted_by="text.E002",
)
def percent_rounding_notice(ctx: CheckContext, report: Reporter) -> None:
    """Emitted by text.E002."""


@rule(
    "text.N002",
    "上年为0时增长百分比无从计算",
    "No percentage change from a prior amount of zero",
    "本年数全部为增加额（上年为0）时，增长率无从计算；“增长100%”是常见写法，但不准确，宜写“新增”。由 text.E002 在比较时发出。",
    emitted_by="text.E002",
)
def growth_from_nothing_notice(ctx: CheckContext, report: Reporter) -> None:
    """Emitted by text.E002."""


@rule(
    "text.E003",
    "同一项的增减方向应一致",
    "Direction words of one item agree",
    "同一科目在同一句中“增加”不应与“下降”并用，“减少”不应与“增长”“上涨”并用；紧接的原因只说该科目本身"
    "（“主要原因是：××经费增加”）时，其方向也应与所述增减一致。",
)
def directions_agree(ctx: CheckContext, report: Reporter) -> None:
    for stated in statements(ctx):
        if stated.change is None or stated.percent is None:
            continue
        first, second = sign_of(stated.change.direction), sign_of(stated.percent.direction)
        if first in (None, 0) or second in (None, 0) or first == second:
            continue
        name = stated.subject or ""
        location, provenance = ctx.at_claim(stated.section, stated.percent)
        report(
            f"“{name}”：正文：{stated.change.direction}{stated.change.text}，"
            f"{stated.percent.direction}{stated.percent.text}；两处增减方向相反",
            f"{name}: the text says {en(stated.change.direction)} {stated.change.text} and "
            f"{en(stated.percent.direction)} {stated.percent.text}: opposite directions",
            Hint(
                "核对增减方向，统一为“增加……增长”或“减少……下降”",
                "Check the direction and make it agree: “增加……增长” or “减少……下降”",
            ),
            location,
            provenance,
        )
    _reason_against_change(ctx, report)


# "主要原因是：宣传事务一般行政管理事务经费增加。": a short reason naming the subject and one direction
_REASON_DIRECTION = re.compile(
    rf"^[。；;，,\s]*(?:主要原因是|主要原因为|原因是|主要是)[：:]?(?P<clause>[^。；;，,、]{{2,40}}?)"
    rf"(?P<dir>{DIRECTION_WORD.pattern})(?:所致|导致|造成|等)?(?:[。；;]|$)"
)


def _reason_against_change(ctx: CheckContext, report: Reporter) -> None:
    """The reason says the subject went the other way: "…减少2.98%。主要原因是：宣传事务一般行政管理
    事务经费增加。" (wanli-2024 p.6). Only a short reason that names the subject itself and holds one
    direction word is read so."""
    seen: set[tuple[str, str]] = set()
    texts: dict[int, list[str]] = {}  # each section's paragraphs, read once
    for stated in statements(ctx):
        claim = stated.percent or stated.change
        if claim is None or not stated.subject or stated.direction in (None, 0):
            continue
        section = stated.section
        if id(section) not in texts:
            texts[id(section)] = [text for text, _ in paragraphs_of(section)]
        for paragraph in texts[id(section)]:
            if claim.sentence not in paragraph or (claim.sentence, stated.subject) in seen:
                continue
            match = _REASON_DIRECTION.match(paragraph[paragraph.find(claim.sentence) + len(claim.sentence) :])
            if match is None:
                continue
            clause = match.group("clause")
            if norm_name(stated.subject) not in norm_name(clause) or DIRECTION_WORD.search(clause):
                continue
            if sign_of(match.group("dir")) == stated.direction:
                continue
            seen.add((claim.sentence, stated.subject))
            location, provenance = ctx.at_claim(section, claim)
            reason = match.group(0).strip("。；;，, ")
            report(
                f"“{stated.subject}”：正文：{claim.direction}{claim.text}；原因却写“{reason}”，两处增减方向相反",
                f"{stated.subject}: the text says {en(claim.direction)} {claim.text}, but the reason given "
                f"says the opposite: {reason}",
                Hint(
                    "核对增减方向与原因说明，更正其中有误的一处",
                    "Check the direction against the reason given and correct whichever is wrong",
                ),
                location,
                provenance,
            )


def _names_a_subject(claim: Claim) -> bool:
    """The sentence names a classification subject (…（项）, …（款）, …（类）) before the figure."""
    before = claim.sentence.split(claim.text, 1)[0] if claim.text in claim.sentence else claim.sentence
    return bool(re.search(r"[（(][类款项][)）]", before))


@rule(
    "text.E004",
    "正文所述收支总额应与收支总表一致",
    "The overall totals in the text equal the summary tables",
    "正文中的“收支总预算”“收入预算”“支出预算”应等于收支总表的总计，“财政拨款收支总预算”应等于财政拨款收支总表的总计。",
)
def totals_match_summary(ctx: CheckContext, report: Reporter) -> None:
    for section, claim in ctx.claims():
        if not is_current(claim):
            continue
        kind = subject_kind(claim.subject)
        if kind not in ("overall", "fiscal"):
            continue
        if _names_a_subject(claim):
            continue  # "其他法院支出（项）支出910万元": a subject's 支出, not the total
        if kind == "overall" and "财政拨款收支" in squeeze(section.heading or ""):
            # "支出预算总计181807.13万元" under "（二）财政拨款收支情况" is the 财政拨款 total (xian/03 p.12)
            kind = "fiscal"
        figures = total_figures(ctx, kind)
        if kind == "fiscal" and BOTH_SIDES.search(norm_name(claim.subject)):
            # "财政拨款收支总预算" is the 总计 of the 财政拨款收支总表 where that table was read,
            # not the 财政拨款 line of the 收支总表 (湖州: 192207.76 there, 42673.03 here)
            figures = [f for f in figures if f.key == "fiscal_summary"] or figures
        if not figures or agrees(claim, figures):
            continue
        table = "财政拨款收支总表" if kind == "fiscal" else "收支总表"
        location, provenance = ctx.at_claim(section, claim)
        report(
            f"“{claim.subject}”：正文：{claim.text}；{table}：{figures_text(figures)}",
            f"{claim.subject}: the text says {claim.text}; the summary table gives {figures_en(figures)}",
            Hint(
                "核对正文总额与收支总表，更正其中有误的数字",
                "Check the total in the text against the summary table and correct the wrong figure",
            ),
            location,
            provenance,
        )


_NEXT_PART = re.compile(r"[；;]|其中")  # the clause of another item begins
_NONZERO = re.compile(r"[0-9]*[1-9][0-9]*(?:\.[0-9]+)?|[0-9]+\.[0-9]*[1-9][0-9]*")


def _said_flat(claim: Claim, at: int) -> bool:
    """The zero change (its number at ``at`` in its sentence) is called 持平 right after it, before any
    other amount or item: "比上年增加 0.00 万元，增长0.00%，与上年持平" (quanzhou/01 p.27) says what was
    meant; not "较上年增加0.0万元，其中会议费0.24万元，较上年无变化" (xian/12 p.13), where 无变化 is
    会议费's."""
    after = claim.sentence[at + len(claim.text) :]
    if _flat_before_another(after):
        return True
    # a part in brackets that breaks an item down, every figure after it there zero: the item's
    # 持平 after the bracket is the parts' too ("公务用车购置及运行维护费0万元（公务用车购置费0万元，比上年
    # 增加0万元；公务用车运行维护费0万元，比上年增加0万元。）比上年增加0万元，增长0%，主要原因是与上年
    # 持平", zhuhai/01 p.30; its key rules the zeros out)
    close = round_bracket_end(claim.sentence, at)
    if close is None or _NONZERO.search(claim.sentence[at + len(claim.text) : close]):
        return False
    return _flat_before_another(claim.sentence[close + 1 :])


def _flat_before_another(after: str) -> bool:
    ends = [m.start() for m in (_NONZERO.search(after), _NEXT_PART.search(after)) if m]
    return bool(FLAT_WORD.search(after[: min(ends)] if ends else after))


@rule(
    "text.W002",
    "没有变化应写“持平”",
    "No change is stated as 持平",
    "增减额为0或增减幅度为0%时，应写“与上年持平”，而不是“增加0万元，增长0%”。",
)
def zero_change_is_flat(ctx: CheckContext, report: Reporter) -> None:
    for section in ctx.sections():
        seen: set[tuple[str, str | None]] = set()
        offsets = dict(zip(map(id, section.claims), claim_offsets(section.claims), strict=True))
        for claim in section.claims:
            if claim.kind not in ("change", "percent") or claim.value != 0:
                continue
            if sign_of(claim.direction) not in (1, -1):
                continue
            if (claim.sentence, claim.subject) in seen:
                continue
            seen.add((claim.sentence, claim.subject))
            if _said_flat(claim, offsets[id(claim)]):
                continue
            name = claim.subject or ""
            words = "，".join(
                f"{c.direction}{c.text}"
                for c in section.claims
                if c.sentence == claim.sentence
                and c.subject == claim.subject
                and c.value == 0
                and sign_of(c.direction) in (1, -1)
                and not _said_flat(c, offsets[id(c)])
            )
            location, provenance = ctx.at_claim(section, claim)
            report(
                f"“{name}”：正文：{words}；增减为0，应写“持平”",
                f"{name}: the text says {en(claim.direction)} {claim.text}: a change of zero is 持平 (no change)",
                Hint("改为“与上年持平”", "Write “与上年持平” (unchanged from last year)"),
                location,
                provenance,
            )
