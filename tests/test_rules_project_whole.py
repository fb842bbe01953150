"""project.E003 on a 部门整体支出绩效目标表: a 金额合计 that is last year's total (a table copied from
last year), with the real rows of Xi'an 2022 documents."""

from __future__ import annotations

from decimal import Decimal

from rulekit import findings
from test_read_performance_whole import XIAN_08_P67, XIAN_12_P32, found
from yusuan.model.document import Claim, Document, Provenance, Section
from yusuan.read.performance import read_performance


def _document(
    rows: tuple[tuple[str, ...], ...], subject: str, now: str, change: str, direction: str
) -> Document:
    """A document of one paragraph stating this year's total and its change, and the table."""
    at = Provenance(file="x.pdf", page=9)
    sentence = f"2022年本部门{subject}{now}万元，较上年{direction}{change}万元"
    claims = [
        Claim(
            subject=subject,
            kind="amount",
            value=Decimal(now),
            unit="万元",
            text=f"{now}万元",
            sentence=sentence,
            provenance=at,
        ),
        Claim(
            subject=subject,
            kind="change",
            value=Decimal(change),
            unit="万元",
            direction=direction,
            basis="上年",
            text=f"{change}万元",
            sentence=sentence,
            provenance=at,
        ),
    ]
    table, _ = read_performance(found("2022年部门整体支出绩效目标表", rows))
    assert table is not None
    return Document(
        layout="xian-2019-dept",
        year=2022,
        scope="部门",
        unit_name="西安市",
        title="2022年部门综合预算",
        sections=[Section(key="fiscal", title="财政拨款收支情况", paragraphs=[sentence], claims=claims)],
        performance=[table],
    )


def test_a_tasks_total_that_is_last_years_budget_is_reported() -> None:
    # xian/12 p.9: 一般公共预算拨款收入1899.9万元，较上年增加406.39万元 (2021: 1493.51); p.32 prints
    # 金额合计 1493.51
    document = _document(XIAN_12_P32, "一般公共预算拨款收入", "1899.9", "406.39", "增加")
    [finding] = findings(document, "project.E003")
    assert "“金额合计”为 1493.51 万元（第32页）" in finding.message
    assert (
        "1899.9 − 406.39 = 1493.51万元（第9页）" in finding.message
        and "本年为 1899.9 万元" in finding.message
    )
    assert (
        finding.location.row == "金额合计"
        and finding.provenance is not None
        and finding.provenance.page == 32
    )


def test_a_tasks_total_of_this_year_is_not_reported() -> None:
    # xian/08 p.20: 财政拨款收入227123.37万元，…较上年减少322445.29万元; p.67 prints 金额合计 227123.37
    document = _document(XIAN_08_P67, "财政拨款收入", "227123.37", "322445.29", "减少")
    assert findings(document, "project.E003") == []


def test_a_tasks_total_that_is_neither_year_is_not_reported() -> None:
    # the tasks may cover part of the budget (xian/09 p.48: 金额合计 5386.42 of 48054.42): not an error
    document = _document(XIAN_12_P32, "一般公共预算拨款收入", "1899.9", "406.38", "增加")
    assert findings(document, "project.E003") == []
