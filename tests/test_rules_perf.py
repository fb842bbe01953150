"""Performance target tables: weights, levels, targets, and costs against the project's amount."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rulekit import FICTIONAL, JIANGSU, KORLA, LAYOUTS, SEED, SHANGHAI, built, findings, read
from yusuan.check.runner import check_document
from yusuan.model.document import Document, IndicatorRow, PerformanceTable

PERF = ("perf.E001", "perf.E002", "perf.W001", "perf.W002", "perf.W003", "perf.W004", "perf.N001")


def family(document: Document) -> list[str]:
    return [f.rule for f in check_document(document, only=set(PERF)).findings]


def table(document: Document, project: str) -> PerformanceTable:
    return next(t for t in document.performance if t.project == project)


def indicator(document: Document, project: str, name: str) -> IndicatorRow:
    return next(i for i in table(document, project).indicators if i.name == name)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("source", [KORLA, FICTIONAL], ids=["korla", "fictional"])
def test_generated_documents_are_clean(source: object, layout: str) -> None:
    found = family(built(source, layout))  # type: ignore[arg-type]
    # Korla keeps the seed's rounded-up unit costs (README 10): 17.13 × 2 and 1.70 × 30, two notices
    assert found == (["perf.N001", "perf.N001"] if source == KORLA else [])


@pytest.mark.parametrize("path", [SHANGHAI, JIANGSU], ids=["shanghai", "jiangsu"])
def test_real_samples_are_clean(path: object) -> None:
    # Shanghai's forms print no targets and no weights: nothing to check, nothing malformed
    assert family(read(path)) == []  # type: ignore[arg-type]


def test_e001_weights() -> None:
    assert findings(read(SEED), "perf.E001") == []  # every table of the seed adds up to 90
    document = built()
    indicator(document, "慰问费", "慰问次数").weight = Decimal(11)
    [finding] = findings(document, "perf.E001")
    assert "“慰问费”绩效目标表" in finding.message and "合计为 91" in finding.message
    assert finding.location.column == "分值权重"


def test_e001_only_when_every_weight_is_printed() -> None:
    document = built()
    indicator(document, "慰问费", "慰问次数").weight = None
    assert findings(document, "perf.E001") == []


def test_e002_levels() -> None:
    document = built()
    indicator(document, "保洁用品项目", "政府采购率").level2 = ""
    [finding] = findings(document, "perf.E002")
    assert "“政府采购率”缺少二级指标" in finding.message and finding.location.row == "政府采购率"


def test_w001_cost_larger_than_the_project() -> None:
    document = built()
    indicator(document, "大楼维修项目", "工程质保资金数").target = "<=31.00万元"
    [finding] = findings(document, "perf.W001")
    assert "<=31.00万元，大于项目金额 30" in finding.message


def test_w001_reads_costs_in_yuan() -> None:
    document = built()
    indicator(document, "大楼维修项目", "工程质保资金数").target = "<=134100元"
    assert findings(document, "perf.W001") == []
    indicator(document, "大楼维修项目", "工程质保资金数").target = "<=310000元"
    assert findings(document, "perf.W001")


def test_w002_comparator_without_a_number() -> None:
    document = built()
    indicator(document, "慰问费", "慰问单位覆盖率").target = ">=%"
    [finding] = findings(document, "perf.W002")
    assert "“>=%”有比较符号而无数值" in finding.message


def test_w003_output_and_satisfaction() -> None:
    document = built()
    perf = table(document, "慰问费")
    perf.indicators = [i for i in perf.indicators if not i.level1.startswith("满意度")]
    [finding] = findings(document, "perf.W003")
    assert "“慰问费”绩效目标表：没有满意度指标" in finding.message
    # the unit-wide table (履职效能 …) is not a project table
    assert all("整体" not in f.message for f in findings(read(SEED), "perf.W003"))


def test_n001_rounded_unit_costs_on_the_seed() -> None:
    notices = findings(read(SEED), "perf.N001")
    assert [n.severity.value for n in notices] == ["notice", "notice"]
    assert "<=17.13万元 × “宣传片制作数量”>=2个 = 34.26 万元，超过项目金额 34.25 万元" in notices[0].message
    assert "34.25 ÷ 2 = 17.125" in notices[0].message
    assert "<=1.70万元 × “外出招商引资次数”>=30次 = 51.00 万元" in notices[1].message
    assert findings(read(SEED), "perf.W004") == []  # rounding, not a warning


def test_n001_not_when_the_product_fits() -> None:
    document = built()
    indicator(document, "园区形象宣传项目", "宣传片平均制作经费").target = "<=17.12万元"
    assert not any("宣传片" in n.message for n in findings(document, "perf.N001"))


def test_w004_unit_cost_beyond_rounding() -> None:
    document = built()
    indicator(document, "园区形象宣传项目", "宣传片平均制作经费").target = "<=20.00万元"
    [finding] = findings(document, "perf.W004")
    assert "= 40.00 万元，超过项目金额 34.25 万元" in finding.message
    assert not any("宣传片" in n.message for n in findings(document, "perf.N001"))
