"""A sentence denying a kind of spending against the tables (text.E001, ``check.denials``). The
sentences are real ones from the development corpus, cited by document and page; the tables are
those of a budget yusuan builds, changed as the case needs."""

from __future__ import annotations

from rulekit import FICTIONAL, KORLA, built, findings
from yusuan.check.context import CheckContext
from yusuan.check.denials import denials
from yusuan.model.document import Document, Section

# shenzhen/18 (深圳市应急管理局（本级）部门预算) p.15, under 三、其他
SHENZHEN_18 = "本单位无政府性基金预算支出、国有资本经营预算支出和上级专项转移支付预算支出。"


def _with_text(document: Document, *paragraphs: str) -> Document:
    section = Section(key="denials", title="其他需要说明的情况", paragraphs=list(paragraphs))
    return document.model_copy(update={"sections": [*document.sections, section]})


def _denied(document: Document, *paragraphs: str) -> list[tuple[str, str]]:
    found = denials(CheckContext(_with_text(document, *paragraphs)))
    return [(d.kind, d.words) for d in found if d.section.key == "denials"]


def _rename_project(document: Document, old: str, new: str) -> Document:
    document = document.model_copy(deep=True)  # the built document is shared between tests
    table = next(t for t in document.tables if t.key == "projects_all")
    index = next(i for i, c in enumerate(table.columns) if c.key in ("name", "project"))
    for row in table.rows:
        cell = row.cells[index]
        if cell.text == old:
            row.cells[index] = cell.model_copy(update={"text": new})
    return document


def test_a_denial_is_read_item_by_item() -> None:
    document = built(KORLA, "shenzhen-2026-dept")
    assert _denied(document, SHENZHEN_18) == [
        ("gov_fund", "政府性基金预算支出"),
        ("state_capital", "国有资本经营预算支出"),
        ("transfer", "上级专项转移支付预算支出"),
    ]
    # quanzhou/01 p.18; xian/01 p.25 (a clause after an item number); shenzhen/21 p.14 (after a
    # clause stating another fund)
    assert _denied(document, "本单位2024年度没有使用政府性基金预算拨款安排的支出，与上年持平。") == [
        ("gov_fund", "政府性基金预算拨款安排的支出")
    ]
    assert _denied(document, "1、本部门无国有资本经营预算拨款收支。") == [
        ("state_capital", "国有资本经营预算拨款收支")
    ]
    assert _denied(
        document, "政府性基金预算支出 19,336.15 万元，无国有资本经营预算支出和上级专项转移支付支出预算。"
    ) == [
        ("state_capital", "国有资本经营预算支出"),
        ("transfer", "上级专项转移支付支出预算"),
    ]


def test_a_unit_whose_name_holds_the_word() -> None:
    document = built(KORLA, "shenzhen-2026-dept").model_copy(update={"unit_name": "无锡市审计局"})
    assert _denied(document, "无锡市审计局无政府性基金预算支出。") == [("gov_fund", "政府性基金预算支出")]


def test_what_is_no_denial_of_the_units_spending() -> None:
    document = built(KORLA, "shenzhen-2026-dept")
    # the Putuo blank template p.19: an instruction to the drafter
    assert _denied(document, "无政府性基金预算财政拨款收入支出的部门，作下述说明：") == []
    # another year, one project, the income only
    assert _denied(document, "2023年无政府性基金预算支出。") == []
    assert _denied(document, "该项目无政府性基金预算支出。") == []
    assert _denied(document, "本部门2024年本部门无国有资本经营预算收入。") == []


def test_e001_a_denied_transfer_against_the_project_list() -> None:
    document = built(KORLA, "shenzhen-2026-dept")
    assert findings(_with_text(document, SHENZHEN_18), "text.E001") == []
    # shenzhen/18 p.8: "3.上级下达资金 237.00 万元" in the project list
    planted = _with_text(_rename_project(document, "大楼维修项目", "上级下达资金"), SHENZHEN_18)
    [finding] = findings(planted, "text.E001")
    assert finding.message.startswith("“上级专项转移支付预算支出”：正文称无上级专项转移支付预算支出")
    assert "上级下达资金 30.00万元" in finding.message
    assert finding.location.section == "其他需要说明的情况"
    # work a higher level assigns is no money it transfers
    assigned = _with_text(_rename_project(document, "大楼维修项目", "上级下达统计调查任务经费"), SHENZHEN_18)
    assert findings(assigned, "text.E001") == []


def test_e001_a_denied_fund_against_its_table() -> None:
    document = built(FICTIONAL, "shenzhen-2026-dept")  # 政府性基金 15.00万元 (彩票公益金)
    [finding] = findings(_with_text(document, "本单位无政府性基金预算支出。"), "text.E001")
    assert "正文称无政府性基金预算支出" in finding.message and "15.00" in finding.message
    assert findings(_with_text(document, "本单位无国有资本经营预算支出。"), "text.E001") == []
    assert findings(_with_text(document, "2024年无政府性基金预算支出。"), "text.E001") == []
