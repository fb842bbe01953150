"""Staff, vehicles and procurement: each total against its parts."""

from __future__ import annotations

import pytest

from rulekit import (
    FICTIONAL,
    JIANGSU,
    KORLA,
    LAYOUTS,
    SEED,
    SHANGHAI,
    built,
    findings,
    read,
    set_cell,
    set_claim,
)
from yusuan.check.runner import check_document
from yusuan.model.document import Document

PARTS = ("parts.E001", "parts.E002", "parts.E003", "parts.W001")


def family(document: Document) -> list[str]:
    return [f.rule for f in check_document(document, only=set(PARTS)).findings]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("source", [KORLA, FICTIONAL], ids=["korla", "fictional"])
def test_generated_documents_are_clean(source: object, layout: str) -> None:
    assert family(built(source, layout)) == []  # type: ignore[arg-type]


@pytest.mark.parametrize("path", [SHANGHAI, JIANGSU, SEED], ids=["shanghai", "jiangsu", "seed"])
def test_real_samples_are_clean(path: object) -> None:
    assert family(read(path)) == []  # type: ignore[arg-type]


def test_e001_headcount() -> None:
    document = set_claim(built(), "organisation", "实有人数43人", "实有人数44人")
    [finding] = findings(document, "parts.E001")
    assert "实有人数 44人" in finding.message and "合计 43 人" in finding.message


def test_e001_without_retired_cadres() -> None:
    document = set_claim(built(FICTIONAL), "organisation", "；离休1人，与上年持平", "")
    [finding] = findings(document, "parts.E001")  # 151 against 110 + 40
    assert "合计 150 人" in finding.message


def test_e002_vehicles_count_and_value() -> None:
    document = set_claim(built(), "assets", "轿车13辆", "轿车12辆")
    [finding] = findings(document, "parts.E002")
    assert "车辆 22辆" in finding.message and "合计 21 辆" in finding.message
    document = set_claim(built(), "assets", "价值162.21万元", "价值160.21万元")
    [finding] = findings(document, "parts.E002")
    assert "车辆价值 476.53万元" in finding.message and "合计 474.53 万元" in finding.message


def test_e002_vehicle_uses_in_brackets() -> None:
    # Shanghai: 车辆7辆（一般公务用车3辆，执法执勤用车4辆，特种专业技术用车0辆，其他用车0辆）
    document = set_claim(read(SHANGHAI), "assets", "执法执勤用车4辆", "执法执勤用车5辆")
    [finding] = findings(document, "parts.E002")
    assert "车辆 7辆" in finding.message and "合计 8 辆" in finding.message


def test_e003_procurement_in_the_text() -> None:
    document = set_claim(built(), "procurement", "政府采购服务预算250.33万元", "政府采购服务预算251.33万元")
    [finding] = findings(document, "parts.E003")
    assert "政府采购预算 332.83万元" in finding.message and "合计 333.83 万元" in finding.message


def test_e003_procurement_table() -> None:
    # Jiangsu's table 12: 合计 2,889.80 = 一、货物 334.00 + 三、服务 2,555.80 (no 工程 row)
    document = set_cell(read(JIANGSU), "procurement", "合计", "total", "2,899.80")
    [finding] = findings(document, "parts.E003")
    assert "合计 2899.80" in finding.message and "合计 2889.80" in finding.message


def test_w001_sme_reservation() -> None:
    document = set_claim(
        built(),
        "procurement",
        "面向中小企业预留政府采购项目预算金额332.83万元",
        "面向中小企业预留政府采购项目预算金额342.83万元",
    )
    [finding] = findings(document, "parts.W001")
    assert "面向中小企业预留金额大于政府采购总额" in finding.message and "342.83万元" in finding.message


def test_w001_small_and_micro_within_sme() -> None:
    document = set_claim(read(SHANGHAI), "procurement", "预算为232.40万元", "预算为432.40万元")
    [finding] = findings(document, "parts.W001")
    assert "小型和微型企业" in finding.message and "432.40万元" in finding.message


def test_e001_retirees_are_retired_plus_early_retired() -> None:
    # xian/01: "单位管理的离退休人员 78 人，其中：离休 3 人，退休 72 人" (3 + 72 = 75)
    document = built()
    section = document.sections[0]
    section.paragraphs = ["单位管理的离退休人员78人，其中：离休3人，退休72人。"]
    section.claims = []
    [finding] = findings(document, "parts.E001")
    assert "离退休人员 78人" in finding.message and "合计 75 人" in finding.message
    section.paragraphs = ["单位管理的离退休人员75人，其中：离休3人，退休72人。"]
    section.claims = []
    assert findings(document, "parts.E001") == []
