"""The Xi'an layouts: a profile naming the tables it prints but leaves unread (their titles count
neither for nor against its fit), a profile taking the tables of another (``extends``), and the rules
that run once the Xi'an documents are read in a layout (../shared/corpus/xian; skipped without it)."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.check.finding import Finding
from yusuan.check.match import Figure, agrees
from yusuan.check.runner import check_document
from yusuan.layout import available_layouts
from yusuan.layout.profile import LayoutError, _resolved
from yusuan.model.document import Claim, Provenance
from yusuan.read.contents import empty_table_reasons
from yusuan.read.reader import read_publication
from yusuan.read.stream import Block, TextCell
from yusuan.read.tables.titles import normalise_title, unread_titles

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("YUSUAN_CORPUS") or ROOT.parent / "shared" / "corpus")


def test_a_profile_extends_another() -> None:
    parsed = {
        "base": {"id": "base", "aliases": ["b"], "years": [2026], "tables": [{"key": "t", "title": "甲表"}]},
        "old": {"id": "old", "extends": "base", "years": [2019], "table_variants": {"t": ["乙表"]}},
    }
    old = _resolved("old", parsed)
    assert old["years"] == [2019]
    assert "aliases" not in old  # an alias names one profile
    assert old["tables"] == [{"key": "t", "title": "甲表", "variants": ["乙表"]}]
    assert "variants" not in parsed["base"]["tables"][0]  # the base is left as it is
    with pytest.raises(LayoutError, match="table_variants"):
        _resolved("old", {**parsed, "old": {**parsed["old"], "table_variants": {"x": ["丙表"]}}})
    with pytest.raises(LayoutError, match="extends"):
        _resolved("old", {"old": {"id": "old", "extends": "nowhere"}})


def test_xian_2019_takes_the_2025_tables_with_their_older_titles() -> None:
    layouts = available_layouts()
    old, new = layouts["xian-2019-dept"], layouts["xian-2025-dept"]
    assert [t.key for t in old.tables] == [t.key for t in new.tables]
    assert old.years == [2019, 2020, 2021, 2022] and new.years == [2025, 2026]
    sangong = old.table("sangong")
    assert "部门综合预算一般公共预算拨款“三公”经费、会议费、培训费表（不含上年结转）" in sangong.variants
    assert new.table("sangong").variants == []
    # the 三公 total is the block's 小计, not the 合计 that adds 会议费 and 培训费
    titles = {c.key: c.title for c in sangong.columns}
    assert titles["current.total"] == "小计" and titles["current.grand_total"] == "合计"
    assert normalise_title("2022年部门综合预算专项业务经费支出表（不含上年结转）") in unread_titles(old)
    assert normalise_title("部门综合预算专项业务经费支出表") in unread_titles(new)


def test_a_year_printed_without_nian_is_dropped_from_a_title() -> None:
    # xian/07 p.34: "2022部门综合预算财政拨款结转资金支出表"
    assert normalise_title("2022部门综合预算财政拨款结转资金支出表") == normalise_title(
        "2022年部门综合预算财政拨款结转资金支出表"
    )
    assert normalise_title("2022年度收支总表") == "收支总表"
    assert normalise_title("2022收支总表") == "2022收支总表"  # not a year before 部门/单位


def _claim(value: str, unit: str = "万元") -> Claim:
    return Claim(kind="amount", value=Decimal(value), unit=unit, text=f"{value}{unit}", sentence="")


def _figure(wan: str, printed: str) -> Figure:
    return Figure(Decimal(wan), "表", "合计", printed)


def test_a_wan_figure_cut_from_yuan_agrees() -> None:
    # xian/14 p.21: 93664.78 万元 for 936,647,884.33 元 (cut, not rounded)
    assert agrees(_claim("93664.78"), [_figure("93664.788433", "936647884.33元")])
    # xian/05 p.20: 70,376.87 = 53,598.71 + 16,778.16 for 703,768,605.79 元
    assert agrees(_claim("70376.87"), [_figure("70376.860579", "703768605.79元")])
    assert not agrees(_claim("70376.88"), [_figure("70376.860579", "703768605.79元")])
    # a whole 万元 cut so is a difference (shanghai-city/16 p.6: 58 万元 for 587,090 元)
    assert not agrees(_claim("58"), [_figure("58.709", "587090元")])
    # both in 万元: only rounding agrees
    assert not agrees(_claim("93664.78"), [_figure("93664.788", "93664.788万元")])


def test_empty_table_reasons_of_a_contents_grid() -> None:
    # xian/02 p.2
    where = Provenance(page=2)

    def row(*texts: str) -> list[TextCell]:
        return [TextCell(text, where) for text in texts]

    grid = Block(
        "grid",
        where,
        rows=[
            row("报表", "报表名称", "是否空表", "公开空表理由"),
            row("表1", "2019年部门综合预算收支总表", "否", ""),
            row("表9", "2019年部门综合预算政府性基金收支表", "是", "本单位无政府性基金预算"),
        ],
    )
    assert empty_table_reasons([grid]) == [
        "表9 2019年部门综合预算政府性基金收支表：本单位无政府性基金预算（目录所列空表理由）"
    ]
    assert empty_table_reasons([Block("grid", where, rows=grid.rows[1:])]) == []


def _corpus(name: str) -> list[Path]:
    found = sorted((CORPUS / "xian").glob(f"{name}_*.pdf"))
    if not found:
        pytest.skip(f"语料库中没有 xian/{name}（{CORPUS}）")
    return found[:1]


def _checked(name: str) -> tuple[str | None, Decimal, list[Finding]]:
    result = read_publication(_corpus(name))
    report = check_document(result.document)
    return result.document.layout, result.document.layout_fit, report.findings


@pytest.mark.parametrize(
    ("name", "layout"),
    [("18", "xian-2025-dept"), ("17", "xian-2025-dept"), ("07", "xian-2019-dept"), ("02", "xian-2019-dept")],
)
def test_the_xian_documents_are_read_in_their_layout(name: str, layout: str) -> None:
    found, fit, _ = _checked(name)
    assert found == layout
    assert fit >= Decimal("0.5")


def _of(findings: list[Finding], rule: str, severity: str | None = None) -> list[Finding]:
    return [f for f in findings if f.rule == rule and (severity is None or f.severity.value == severity)]


def test_a_cross_table_finding_on_a_table_told_by_its_words_is_a_notice() -> None:
    # xian/09 p.32: 表4 480544221.62 against 表5 (read by the genre's words) 480544221.6, cut at the cell
    _, _, findings = _checked("09")
    cross = _of(findings, "cross.E004")
    assert cross and all(f.severity.value == "notice" for f in cross)
    assert all("按标题中的词语识别" in f.message for f in cross)


def test_overall_totals_under_the_fiscal_heading_are_fiscal() -> None:
    # xian/03 p.12: "（二）财政拨款收支情况 … 支出预算总计181807.13万元" is 表4's total, not 表1's
    _, _, findings = _checked("03")
    assert _of(findings, "text.E004") == []


def test_a_change_inside_a_reason_needs_no_reason() -> None:
    # xian/06 p.20: "增加的主要原因是公务车运行维护费…增加了133万元"; xian/14 p.35: the reason on the
    # next line ("…增幅400%；" / "主要原因是…"); xian/14 p.21: "主要原因是：人员经费减少337.26万元…"
    _, _, findings = _checked("06")
    assert _of(findings, "sangong.W001") == []
    _, _, findings = _checked("14")
    assert _of(findings, "sangong.W001") == []
    messages = " ".join(f.message for f in _of(findings, "text.W001"))
    assert "局本级" not in messages and "人员经费" not in messages


def test_the_work_plan_states_targets_not_changes() -> None:
    # xian/07 p.8 (二、2022年部门工作任务): "收缴国有资本收益…增长30%"
    _, _, findings = _checked("07")
    assert not any("国有资本收益" in f.message for f in _of(findings, "text.W001"))


def test_a_tables_only_attachment_with_its_contents_reasons() -> None:
    # xian/02: 附件2 公开报表, its text published apart (xian/01); p.2 gives 表9's reason
    _, _, findings = _checked("02")
    assert _of(findings, "complete.W002") == []
    assert _of(findings, "complete.W001") == []


def test_the_xian_sangong_total_is_the_block_subtotal() -> None:
    # xian/12 p.13 states 三公 0.27 万元 for 2022; the table (p.30) prints the 2022 小计 0 (0.27 is 2021,
    # its 合计 12240 adds 会议费 and 培训费). The table's vertical header is read with its columns
    # doubted (arith finds 6 misfits), so the finding is a notice.
    _, _, findings = _checked("12")
    sangong = [f.message for f in _of(findings, "sangong.E002")]
    assert any(m.startswith("“三公”经费：正文为 0.27万元；") and "“小计”为 0 元" in m for m in sangong)
