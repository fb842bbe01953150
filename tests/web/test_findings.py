"""Live findings: the checker on the document a budget builds, each finding linked to the part and
field it concerns; a changed figure makes a finding appear, restoring it makes it go (issue 13,
item 4)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from markupsafe import escape

from yusuan.budgetfile import load_budget
from yusuan.check.runner import check_document
from yusuan.model.budget import Budget
from yusuan.web.findings import FindingsUnavailable, counts, document_of, findings_for
from yusuan.web.forms import check_part, parse, part_form, part_values
from yusuan.web.parts import BY_ID
from yusuan.web.templating import templates

from .formkit import posted
from conftest import FICTIONAL, KORLA

MACROS = templates.env.get_template("forms/macros.html").module


@pytest.fixture(scope="module")
def korla() -> Budget:
    return load_budget(KORLA)


def form_html(budget: Budget, part_id: str) -> str:
    form = part_form(part_id, part_values(budget, part_id), unit=budget.amount_unit, year=budget.year)
    return str(MACROS.part_form(form, "/save", ""))


def test_findings_are_the_checkers_on_the_built_document(korla: Budget) -> None:
    found = findings_for(korla)
    report = check_document(document_of(korla))
    assert [(f.rule, f.message) for f in found] == [(f.rule, f.message) for f in report.findings]
    assert counts(found) == report.counts()
    assert list(counts(found)) == ["error", "warning", "notice"]


def test_each_finding_links_to_a_field_that_the_part_form_shows(korla: Budget) -> None:
    found = findings_for(korla)
    linked = [f for f in found if f.target.anchor]
    assert linked, "the Korla example's findings point to fields (its provenance says which)"
    for finding in linked:
        assert finding.target.part in BY_ID
        html = form_html(korla, finding.target.part)
        assert f'id="{finding.target.anchor}"' in html, finding
        assert finding.target.label.startswith(BY_ID[finding.target.part].title)
    # a finding on a table row links to the budget line that row shows
    for finding in found:
        row = finding.target.field or ""
        if row.startswith("expenditure[") and finding.where:
            line = korla.expenditure[int(row.split("[")[1].split("]")[0])]
            assert line.code in finding.where
    # a finding on an indicator of a performance table links to that indicator's row
    on_indicators = [f for f in linked if ".indicators." in (f.target.field or "")]
    assert on_indicators
    for finding in on_indicators:
        html = form_html(korla, "performance")
        name = re.search(rf'id="{finding.target.anchor}-name" [^>]*value="([^"]+)"', html)
        assert name is not None and f"“{name.group(1)}”行" in finding.where
    assert all(f.target.part or f.target.table for f in found)


def changed_line(budget: Budget, delta: str) -> Budget:
    """The budget after a person adds ``delta`` 万元 to the first expenditure line's basic
    expenditure in the expenditure form (which shows the budget's own unit) and saves."""
    data = posted(form_html(budget, "expenditure"))
    shown = Decimal(data["expenditure[0].basic"])
    data["expenditure[0].basic"] = str(shown + budget.amount_unit.from_wan(Decimal(delta)))
    checked = check_part(budget, "expenditure", parse("expenditure", data))
    assert checked.budget is not None, checked.errors
    return checked.budget


@pytest.mark.parametrize("source", [KORLA, FICTIONAL], ids=["korla", "fictional"])
def test_a_changed_figure_makes_a_finding_appear_and_restoring_it_makes_it_go(source: object) -> None:
    budget = load_budget(source)  # type: ignore[arg-type]
    before = {(f.rule, f.message) for f in findings_for(budget)}
    changed = changed_line(budget, "5")
    after = findings_for(changed)
    new = [f for f in after if (f.rule, f.message) not in before]
    assert new and all(f.severity.value == "error" for f in new), [(f.rule, f.message) for f in new]
    # the basic expenditure by economic subject no longer adds up to the one by function
    assert any(f.rule == "cross.E002" for f in new)
    for finding in new:
        assert finding.target.part == "expenditure" and finding.target.anchor
        assert f'id="{finding.target.anchor}"' in form_html(changed, "expenditure")
    assert counts(after)["error"] == counts(findings_for(budget))["error"] + len(new)
    restored = changed_line(changed, "-5")
    assert restored == budget
    assert {(f.rule, f.message) for f in findings_for(restored)} == before


def test_the_findings_fragment_links_to_the_fields(korla: Budget) -> None:
    found = findings_for(korla)
    html = templates.env.get_template("findings/list.html").render(
        findings=found, counts=counts(found), part_href="/budgets/1/parts/{part}"
    )
    assert (
        f'错误 <strong class="severity-error" id="error-count">{counts(found)["error"]}</strong> 处' in html
    )
    links = re.findall(r'<a href="/budgets/1/parts/([a-z_]+)#([^"]+)">', html)
    assert len(links) == len([f for f in found if f.target.anchor])
    assert all(escape(f.message) in html for f in found)


def test_a_budget_without_a_layout_is_not_checked_and_says_why(korla: Budget) -> None:
    with pytest.raises(FindingsUnavailable, match="未指定版式"):
        findings_for(korla.model_copy(update={"layout": None}))
    with pytest.raises(FindingsUnavailable, match="没有名为"):
        findings_for(korla.model_copy(update={"layout": "no-such-layout"}))
