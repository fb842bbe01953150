"""The forms of the budget workspace: generated from the model, posted back unchanged they give the
same budget, and a wrong value is told beside its field in Chinese (issue 13, item 3)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi import Request
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from yusuan.budgetfile import load_budget
from yusuan.model.budget import Budget
from yusuan.web.app import create_app
from yusuan.web.forms import check_part, parse, part_form, part_values, row_action
from yusuan.web.forms.values import ADD, REMOVE
from yusuan.web.parts import PARTS
from yusuan.web.settings import Settings
from yusuan.web.templating import page, templates

from .formkit import controls, posted
from conftest import FICTIONAL, KORLA

MACROS = templates.env.get_template("forms/macros.html").module
SOURCES = {"korla": KORLA, "fictional": FICTIONAL}


@pytest.fixture(scope="module")
def budgets() -> dict[str, Budget]:
    return {name: load_budget(path) for name, path in SOURCES.items()}


def render(budget: Budget, part_id: str, values: dict[str, Any] | None = None, **kwargs: Any) -> str:
    values = part_values(budget, part_id) if values is None else values
    form = part_form(part_id, values, unit=budget.amount_unit, year=budget.year, **kwargs)
    return str(MACROS.part_form(form, f"/parts/{part_id}", ""))


def element(html: str, element_id: str) -> str:
    """The start tag of the element with ``element_id``."""
    match = re.search(rf'<[a-z]+ [^>]*id="{re.escape(element_id)}"[^>]*>', html)
    assert match is not None, element_id
    return match.group(0)


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("part_id", [part.id for part in PARTS])
def test_each_part_posted_back_unchanged_gives_the_same_budget(
    budgets: dict[str, Budget], source: str, part_id: str
) -> None:
    budget = budgets[source]
    html = render(budget, part_id)
    checked = check_part(budget, part_id, parse(part_id, posted(html)))
    assert checked.errors == {} and checked.other_problems == []
    assert checked.budget == budget
    # amounts keep the places they were written with (documents and messages print them so)
    assert checked.budget.model_dump(mode="json") == budget.model_dump(mode="json")
    # a part declared absent with no note is kept: the key itself declares it
    before, after = budget.none_this_year, checked.budget.none_this_year
    assert (before and before.model_fields_set) == (after and after.model_fields_set)


@pytest.mark.parametrize("source", SOURCES)
def test_every_input_has_its_label_and_a_unique_id(budgets: dict[str, Budget], source: str) -> None:
    for part in PARTS:
        html = render(budgets[source], part.id)
        found = controls(html)
        inputs = [i for i, tag in found.ids.items() if tag in ("input", "select", "textarea")]
        assert inputs or 'name="@add"' in html, part.id  # a part with no rows yet: its add button
        assert set(inputs) - found.labels == set(), part.id
        ids = re.findall(r' id="([^"]+)"', html)
        assert len(ids) == len(set(ids)), part.id
        # no tab order of our own: the keyboard follows the page
        assert "tabindex" not in html.replace('tabindex="-1" aria-hidden="true">保存', "")


def test_form_kinds_come_from_the_model(budgets: dict[str, Budget]) -> None:
    korla = budgets["korla"]
    html = render(korla, "projects")
    amount = element(html, "f-projects-0-amount")
    assert 'inputmode="decimal"' in amount and 'type="text"' in amount
    assert f'value="{korla.projects[0].amount:f}"' in amount  # as written: 40.00 stays 40.00
    subject = element(html, "f-projects-0-subject")
    assert 'list="codes-function_item"' in subject
    assert re.search(r'<datalist id="codes-function_item"><option value="\d{7}">', html)
    assert 'type="month"' in element(html, "f-projects-0-period-start")
    source = re.search(r'<select id="f-projects-0-source".*?</select>', html, re.S)
    assert source is not None and "一般公共预算拨款" in source.group(0)
    assert 'type="date"' in element(render(korla, "assets"), "f-assets-as_of")
    layout = re.search(r'<select id="f-layout".*?</select>', render(korla, "settings"), re.S)
    assert layout is not None and f'<option value="{korla.layout}" selected>' in layout.group(0)
    assert "<legend>第 1 项</legend>" in html  # rows of a list: fieldsets with their own legend
    # the fictional budget is written in 元: its form shows 元, as the file does
    fictional = budgets["fictional"]
    line = fictional.expenditure[0]
    shown = posted(render(fictional, "expenditure"))["expenditure[0].basic"]
    assert Decimal(shown) == fictional.amount_unit.from_wan(line.basic) and len(shown.partition(".")[2]) <= 2


def test_a_changed_amount_unit_keeps_what_every_amount_is_worth(budgets: dict[str, Budget]) -> None:
    fictional = budgets["fictional"]  # written in 元
    data = posted(render(fictional, "settings"))
    data["amount_unit"] = "万元"
    checked = check_part(fictional, "settings", parse("settings", data))
    assert checked.budget is not None and checked.budget.amount_unit.value == "万元"
    assert checked.budget.model_copy(update={"amount_unit": fictional.amount_unit}) == fictional
    shown = posted(render(checked.budget, "expenditure"))["expenditure[0].basic"]
    assert Decimal(shown) == fictional.expenditure[0].basic  # now stated in 万元


def test_a_wrong_amount_is_told_beside_its_field_and_kept(budgets: dict[str, Budget]) -> None:
    korla = budgets["korla"]
    data = posted(render(korla, "sangong"))
    data["sangong.reception.amount"] = "约30万"
    values = parse("sangong", data)
    checked = check_part(korla, "sangong", values)
    assert checked.budget is None
    message = checked.errors["sangong.reception.amount"]
    assert "金额格式不正确" in message and "约30万" in message
    html = render(korla, "sangong", values, errors=checked.errors)
    field = element(html, "f-sangong-reception-amount")
    assert 'value="约30万"' in field and 'aria-invalid="true"' in field
    assert 'aria-describedby="f-sangong-reception-amount-error"' in field
    error = re.search(r'<p id="f-sangong-reception-amount-error" class="field-error">([^<]*)</p>', html)
    assert error is not None and error.group(1) == message
    assert "本部分有 1 处问题" in html
    # the summary above the form links to the field, named with the fieldsets around it
    assert '<a href="#f-sangong-reception-amount">“三公”经费 → 公务接待费 → 本年数（万元）</a>' in html
    # the other inputs keep what was posted
    assert posted(html)["sangong.vehicle_running.amount"] == data["sangong.vehicle_running.amount"]


def test_required_only_where_what_holds_it_is_given(budgets: dict[str, Budget]) -> None:
    html = render(budgets["korla"], "sangong")
    assert 'aria-required="true"' in element(html, "f-sangong-reception-amount")  # 三公 is given
    assert "aria-required" not in element(html, "f-sangong-meeting-amount")  # 会议费 may be left out
    assert "aria-required" not in element(html, "f-sangong-reason")


def test_a_missing_required_field_and_a_blank_key_are_told(budgets: dict[str, Budget]) -> None:
    korla = budgets["korla"]
    data = posted(render(korla, "projects"))
    data["projects[1].name"] = ""
    checked = check_part(korla, "projects", parse("projects", data))
    assert checked.errors == {"projects[1].name": "缺少必填字段"}
    names = posted(render(korla, "expenditure"))
    names["subject_names[0].@k0"] = ""
    checked = check_part(korla, "expenditure", parse("expenditure", names))
    assert checked.budget is None and list(checked.errors) == ["subject_names."]
    html = render(korla, "expenditure", parse("expenditure", names), errors=checked.errors)
    assert "本部分有 1 处问题" in html and "不能为空" in html
    # a blank 二级指标 of a project's indicator, deep inside the part
    targets = posted(render(korla, "performance"))
    level2 = next(name for name in targets if name.startswith("project_performance[0].indicators[0].@k1"))
    targets[level2] = " "
    checked = check_part(korla, "performance", parse("performance", targets))
    first = next(iter(korla.project_performance))
    level1 = next(iter(korla.project_performance[first].indicators))
    assert checked.budget is None
    assert list(checked.errors) == [f"project_performance.{first}.indicators.{level1}."]


def test_rows_are_added_and_removed_without_javascript(budgets: dict[str, Budget]) -> None:
    korla = budgets["korla"]
    html = render(korla, "projects")
    count = len(korla.projects)
    added = posted(html, **{ADD: "projects"})
    assert row_action(added) == ("add", "projects")
    bigger = render(korla, "projects", parse("projects", added), add="projects")
    assert f"<legend>第 {count + 1} 项</legend>" in bigger
    assert posted(bigger)[f"projects[{count}].name"] == ""
    # the blank row posted back adds nothing
    assert check_part(korla, "projects", parse("projects", posted(bigger))).budget == korla
    removed = posted(html, **{REMOVE: "projects[1]"})
    assert row_action(removed) == ("remove", "projects[1]")
    values = parse("projects", removed)
    assert [p["name"] for p in values["projects"]] == [p.name for i, p in enumerate(korla.projects) if i != 1]
    assert row_action(posted(html)) is None


def test_a_part_declared_absent_is_a_checkbox(budgets: dict[str, Budget]) -> None:
    fictional = budgets["fictional"]
    html = render(fictional, "expenditure")
    assert "checked" in element(html, "f-none_this_year-at-state_capital")
    data = posted(html)
    del data["none_this_year.@state_capital"]
    checked = check_part(fictional, "expenditure", parse("expenditure", data))
    assert checked.budget is not None and checked.budget.none_this_year is None


def test_the_fragment_renders_in_a_page_with_its_csrf_field(tmp_path: Path) -> None:
    korla = load_budget(KORLA)
    app = create_app(Settings(data_dir=tmp_path, secret_key="test"))

    @app.get("/form-test")
    def _form(request: Request) -> Any:
        form = part_form("glossary", part_values(korla, "glossary"), unit=korla.amount_unit, year=korla.year)
        return page(request, "forms/part.html", form=form, action="/save")

    html = TestClient(app).get("/form-test").text
    assert re.search(r'<input type="hidden" name="csrf_token" value="[^"]{20,}">', html)
    assert 'hx-post="/save"' in html and 'method="post" action="/save"' in html
    assert parse("glossary", posted(html)) == part_values(korla, "glossary")


TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp")),
    min_size=1,
    max_size=60,
).filter(lambda text: text.strip() != "")


@settings(max_examples=40, deadline=None)
@given(terms=st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=4))
def test_any_text_comes_back_as_typed(terms: list[tuple[str, str]]) -> None:
    """Quotes, angle brackets, ampersands and long text (a textarea) are drawn escaped and read back
    unchanged (outer spaces aside)."""
    korla = load_budget(KORLA)
    values = {"glossary": [{"term": term, "definition": definition} for term, definition in terms]}
    html = render(korla, "glossary", values)
    back = parse("glossary", posted(html))
    assert back == {"glossary": [{"term": t.strip(), "definition": d.strip()} for t, d in terms]}
