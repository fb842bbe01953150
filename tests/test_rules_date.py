"""Dates: project periods, "as of" dates and the document's date."""

from __future__ import annotations

import pytest

from rulekit import FICTIONAL, JIANGSU, KORLA, LAYOUTS, SEED, SHANGHAI, built, findings, read
from yusuan.check.runner import check_document
from yusuan.model.document import Document

DATE = ("date.E001", "date.W001", "date.W002")


def family(document: Document) -> list[str]:
    return [f.message for f in check_document(document, only=set(DATE)).findings]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("source", [KORLA, FICTIONAL], ids=["korla", "fictional"])
def test_generated_documents_are_clean(source: object, layout: str) -> None:
    found = family(built(source, layout))  # type: ignore[arg-type]
    if source != KORLA:
        assert found == []
        return
    if layout == "jiangsu-2017-dept":
        # The Jiangsu layout prints neither project descriptions nor an assets paragraph.
        assert found == []
        return
    # True, and carried from the seed's data (README 4): project 4 is to be spent in 2023; and
    # (README 8) the budget keeps its assets "as of 2024-12-31" in a document dated 2024-02-08.
    assert sorted(found) == sorted(
        [
            "项目“开发区协会会费、法律顾问项目”：资金执行时间为“2023年1-12月”（2023 年），不在预算年度 2024 年内",
            "正文“截至2024年12月31日”（2024-12-31）晚于文件日期 2024-02-08",
        ]
    )


@pytest.mark.parametrize("path", [SHANGHAI, JIANGSU], ids=["shanghai", "jiangsu"])
def test_real_samples_are_clean(path: object) -> None:
    assert family(read(path)) == []  # type: ignore[arg-type]


def test_e001_project_period_on_the_seed() -> None:
    [finding] = findings(read(SEED), "date.E001")
    assert "“开发区协会会费、法律顾问项目”" in finding.message and "“2023 年 1-12 月”" in finding.message
    assert finding.location.sentence == "资金执行时间：2023 年 1-12 月"


def test_e001_periods_that_cover_the_year() -> None:
    document = read(SEED)
    document.projects[3].period = "2024 年 1-12 月"
    document.projects[0].period = "2023年7月-2025年6月"  # a multi-year project spanning 2024
    assert findings(document, "date.E001") == []
    document.projects[0].period = "2025年1-6月"
    [finding] = findings(document, "date.E001")
    assert "不在预算年度 2024 年内" in finding.message


def test_w001_as_of_after_the_document_date() -> None:
    [finding] = findings(read(SEED), "date.W001")
    assert finding.message == "正文“截至2024年底”（2024-12-31）晚于文件日期 2024-02-08"
    assert finding.location.sentence and finding.location.sentence.startswith("截至2024年底")


def test_w001_not_before_the_date_nor_undated() -> None:
    document = read(SHANGHAI)  # "截止2022年12月31日", undated
    assert document.date is None and findings(document, "date.W001") == []
    document.date = "2023-01-20"
    assert findings(document, "date.W001") == []
    document.date = "2022-06-30"
    assert findings(document, "date.W001")


def test_w002_document_date_near_the_year() -> None:
    document = built()
    document.date = "2023-12-28"  # published before the year begins: allowed
    assert findings(document, "date.W002") == []
    document.date = "2022-02-08"
    [finding] = findings(document, "date.W002")
    assert finding.message == "文件日期 2022-02-08 不在预算年度 2024 年或其上一年（2023 年）"
