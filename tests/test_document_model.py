"""The disclosure-document layer's own helpers: where a figure came from, the document date."""

import datetime as dt

import pytest
from pydantic import ValidationError

from yusuan.budgetfile import load_budget
from yusuan.compute import compute
from yusuan.generate import build_document
from yusuan.layout import load_layout
from yusuan.model.document import CODE_KEYS, Column, Document, Provenance, chinese_date
from yusuan.render.pdf import pdf_data

from conftest import KORLA


def test_provenance_describes_file_page_and_line():
    place = Provenance(file="预算.pdf", page=3, line=12)
    assert place.describe() == "预算.pdf 第3页 第12行"
    assert place.describe(file=False, sep="，") == "第3页，第12行"
    assert place.describe_en() == "预算.pdf, page 3, line 12"


def test_provenance_names_a_table_only_where_asked_and_without_page_or_line():
    sheet = Provenance(file="预算.xlsx", table="表1")
    assert sheet.describe() == "预算.xlsx"
    assert sheet.describe(file=False, table=True) == "表1"
    assert Provenance(page=2, table="表1").describe(table=True) == "第2页"
    assert Provenance().describe() == ""


def korla_document() -> Document:
    budget = load_budget(KORLA)
    return build_document(budget, load_layout("xinjiang-2024-unit"), compute(budget))


def test_the_document_date_is_a_date_given_in_iso_or_as_printed():
    document = korla_document()
    assert document.date == dt.date(2024, 2, 8)
    for printed in ("2024年2月8日", "2024.2.8", " 2024 年 2 月 8 日 ", "2024-02-08"):
        document.date = printed  # type: ignore[assignment]
        assert document.date == dt.date(2024, 2, 8)
    with pytest.raises(ValidationError):
        document.date = "2024年2月30日"  # type: ignore[assignment]
    with pytest.raises(ValidationError):
        document.date = "二〇二四年二月"  # type: ignore[assignment]
    assert Document.model_validate_json(document.model_dump_json()).date == dt.date(2024, 2, 8)


def test_chinese_date_is_the_one_format():
    assert chinese_date(dt.date(2025, 12, 1)) == "2025年12月1日"
    assert chinese_date("2024-02-08") == "2024年2月8日"
    assert chinese_date("二〇二四年二月") == "二〇二四年二月"
    assert chinese_date(None) is None


def test_pdf_prints_a_date_that_was_given_as_printed():
    # the PDF split the date at "-" and failed on any other text
    data = korla_document().model_dump(mode="json")
    data["date"] = "2024年2月8日"
    assert pdf_data(Document.model_validate(data))["date_label"] == "2024年2月8日"
    data["date"] = None
    assert pdf_data(Document.model_validate(data))["date_label"] is None


def test_a_code_column_is_told_by_its_kind_or_its_key():
    assert Column(key="code.section", title="款").is_code
    assert Column(key="subject", title="编码", kind="code").is_code
    assert not Column(key="name", title="科目名称").is_code
    assert not Column(key="codes_total", title="合计", kind="figure").is_code
    built = korla_document()
    assert all(column.is_code == (column.key in CODE_KEYS) for t in built.tables for column in t.columns)
    assert any(column.is_code for t in built.tables for column in t.columns)
