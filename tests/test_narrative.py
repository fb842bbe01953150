"""The explanatory text: every figure computed, direction words by sign, wording from templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from yusuan.budgetfile import load_budget
from yusuan.compute import compute
from yusuan.generate import build_document
from yusuan.layout import load_layout
from yusuan.model.document import Document

from conftest import FICTIONAL, KORLA


def build(source: object, layout: str = "xinjiang-2024-unit", templates: Path | None = None) -> Document:
    budget = load_budget(source)  # type: ignore[arg-type]
    return build_document(budget, load_layout(layout), compute(budget), templates)


def text(document: Document, key: str) -> str:
    return "\n".join(document.section(key).paragraphs)


@pytest.fixture(scope="module")
def korla_doc() -> Document:
    return build(KORLA)


def test_the_seed_error_is_not_repeated(korla_doc: Document) -> None:
    usage = text(korla_doc, "general_usage")
    # The published seed says 下降9.56% here; the figures say 42.52%.
    assert (
        "6. 行政单位医疗：2024年预算数为17.82万元，比上年预算减少13.18万元，下降42.52%，主要原因是：严格按照项目执行情况支付资金；"
        in usage
    )
    assert (
        "3. 行政单位离退休：2024年预算数为7.80万元，比上年预算增加4.80万元，上涨160.00%，主要原因是：退休人员增加；"
        in usage
    )


def test_overview_income_and_expenditure(korla_doc: Document) -> None:
    assert "收支总预算1307.84万元。" in text(korla_doc, "overview")
    assert "支出预算包括：一般公共服务支出、社会保障和就业支出、卫生健康支出、住房保障支出等。" in text(
        korla_doc, "overview"
    )
    income = text(korla_doc, "income")
    assert (
        "一般公共预算拨款1307.84万元，占100.00%，比上年预算减少151.16万元，下降10.36%，主要原因是项目资金减少。"
        in income
    )
    assert "政府性基金预算未安排。" in income and "国有资本经营预算未安排。" in income
    expenditure = text(korla_doc, "expenditure")
    # Basic: the prior year is the sum of the subjects' prior years (1146.00), not the seed's 1147.00.
    assert "基本支出1051.59万元，占80.41%，比上年预算减少94.41万元，下降8.24%" in expenditure
    assert "项目支出256.25万元，占19.59%，比上年预算减少56.75万元，下降18.13%" in expenditure


def test_structure_shares_are_rounded_not_truncated(korla_doc: Document) -> None:
    structure = text(korla_doc, "general_structure")
    assert "3. 行政单位离退休7.80万元，占0.60%；" in structure  # the seed truncates to 0.59
    assert "5. 机关事业单位职业年金缴费支出14.47万元，占1.11%；" in structure  # the seed prints 1.1


def test_empty_parts_and_sangong(korla_doc: Document) -> None:
    assert text(korla_doc, "gov_fund").endswith("政府性基金预算支出情况表为空表。")
    assert "无上年结转结余预算的支出，上年结转结余情况明细表为空表。" in text(korla_doc, "carry_over")
    sangong = text(korla_doc, "sangong")
    assert (
        "“三公”经费预算数为67.70万元，其中：因公出国（境）费0.00万元，公务用车购置费0.00万元，公务用车运行费64.00万元，公务接待费3.70万元。"
        in sangong
    )
    assert "2024年财政拨款“三公”经费与上年预算持平" in sangong  # not "增加0万元，增长0%"


def test_projects_and_other_matters(korla_doc: Document) -> None:
    projects = korla_doc.section("projects").paragraphs
    assert "1. 项目名称：信息化基础设施建设和设备维护项目" in projects
    assert (
        "资金分配情况：信创替代22.60万元、电子屏及交换机11.20万元、网站维保及网媒体管理6.20万元。" in projects
    )
    assert projects.count("资金执行时间：2024年1-12月") == 7
    assert "资金执行时间：2023年1-12月" in projects  # as the preparer entered it
    assert "比上年预算减少33.75万元，下降8.90%，主要原因是相应支出减少。" in text(korla_doc, "operating")
    assert (
        "政府采购预算332.83万元，其中：政府采购货物预算82.50万元，政府采购工程预算0.00万元，政府采购服务预算250.33万元。"
        in text(korla_doc, "procurement")
    )
    assets = text(korla_doc, "assets")
    assert (
        "2. 车辆22辆，价值476.53万元；其中：轿车13辆，价值162.21万元；越野车7辆，价值190.15万元；其他车辆2辆，价值124.17万元。"
        in assets
    )
    assert "当年财政拨款项目8个，涉及预算金额256.25万元" in text(korla_doc, "performance")


def test_profile_text(korla_doc: Document) -> None:
    organisation = text(korla_doc, "organisation")
    assert "从预算单位构成看，本单位无下属预算单位，下设4个内设机构。" in organisation
    assert (
        "编制数45，实有人数43人，其中：在职34人，减少3人；退休9人，与上年持平；离休0人，与上年持平。"
        in organisation
    )
    assert korla_doc.section("functions").paragraphs[1].startswith("（一）负责开发区党的建设")


def test_direction_words_follow_the_sign() -> None:
    doc = build(FICTIONAL)
    income = text(doc, "income")
    # 1,000.00005 万元 against 1,000: the change rounds to 0.00 and is stated as 持平, not "增加0.00万元".
    assert "一般公共预算拨款1000.00万元，占91.74%，与上年预算持平" in income
    usage = text(doc, "general_usage")
    assert (
        "小学教育：2025年预算数为680.00万元，比上年预算减少20.00万元，下降2.86%，主要原因是：学生人数减少"
        in usage
    )
    assert "行政运行：2025年预算数为320.00万元，比上年预算增加20.00万元，上涨6.67%" in usage
    assert "政府性基金预算拨款安排的支出15.00万元" in text(doc, "gov_fund")
    assert "使用上年结转结余安排的支出25.00万元" in text(doc, "carry_over")
    assert "没有安排一般公共预算项目支出" in text(doc, "projects")
    assert any("没有政府采购预算" in remark or "预算中没有政府采购预算" in remark for remark in doc.remarks)


@pytest.mark.parametrize("layout", ["shanghai-2023-dept", "jiangsu-2017-dept"])
def test_other_layouts_write_their_own_wording(layout: str) -> None:
    doc = build(KORLA, layout)
    if layout.startswith("shanghai"):
        notes = text(doc, "budget_notes")
        assert "财政拨款收入1307.84万元，比2023年预算减少151.16万元，下降10.36%" in notes
        assert "2023年预算数为31.00万元，2024年预算安排17.82万元，比2023年预算减少42.52%" in notes
    else:
        assert "与上年相比收、支预算总计各减少151.16万元，减少10.36%" in text(doc, "summary")
        assert "比2023年减少33.75万元，下降8.90%" in text(doc, "operating")


def test_a_person_can_change_the_wording(tmp_path: Path) -> None:
    (tmp_path / "overview.j2").write_text("本年收支总预算共计{{ wan(f.total) }}万元。", encoding="utf-8")
    doc = build(KORLA, templates=tmp_path)
    assert doc.section("overview").paragraphs == ["本年收支总预算共计1307.84万元。"]
    assert text(doc, "income").startswith("库尔勒")  # the other sections keep the shipped wording


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("{{ nothing_by_this_name }}", "第 1 行有错：'nothing_by_this_name' is undefined"),
        ("正文\n{% if %}", "第 2 行有错："),
        ("正文\n\n{{ 1 / 0 }}", "第 3 行有错：division by zero"),
        ('{% include "no-such.j2" %}', "找不到它引用的模板 no-such.j2"),
    ],
)
def test_an_error_in_a_users_template_is_named_in_chinese(tmp_path: Path, body: str, reason: str) -> None:
    """A user's template that fails is the user's input, not a bug of yusuan: exit 2, with the
    file and line (issue 11); it exited 70, and a missing include passed as "no template"."""
    from conftest import run_cli

    (tmp_path / "overview.j2").write_text(body, encoding="utf-8")
    out = tmp_path / "out"
    code, _, stderr = run_cli("build", str(KORLA), "-o", str(out), "--templates", str(tmp_path))
    assert code == 2, stderr
    assert f"说明文字模板 {tmp_path / 'overview.j2'} " in stderr and reason in stderr
    assert not out.exists()
