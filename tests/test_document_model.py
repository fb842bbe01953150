"""The disclosure-document layer's own helpers: where a figure came from, the document date."""

from yusuan.model.document import Provenance


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
