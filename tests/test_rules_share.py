"""Shares (“占X%”) against their amounts and wholes: each rule fires on a planted or the seed's
genuine error and stays silent on text yusuan writes. The three families on every generated and
real document: tests/test_rules_text.py."""

from __future__ import annotations

from decimal import Decimal

from rulekit import FICTIONAL, JIANGSU, KORLA, SEED, built, findings, read, set_claim


def test_e001_share_differs() -> None:
    assert findings(built(), "share.E001") == []
    assert findings(built(FICTIONAL), "share.E001") == []
    document = set_claim(built(), "general_structure", "占71.87%", "占72.87%")
    [finding] = findings(document, "share.E001")
    assert finding.message.startswith("“行政运行”：正文：占72.87%；按金额计算：939.99万元 ÷ ")
    assert finding.message.endswith("= 71.87%")


def test_e001_sangong_items_over_the_sangong_total() -> None:
    found = findings(read(JIANGSU), "share.E001")
    assert len(found) == 3
    assert any("占18.85%" in f.message and "= 18.82%" in f.message for f in found)
    assert findings(built(KORLA, "jiangsu-2017-dept"), "share.E001") == []
    document = set_claim(
        built(KORLA, "jiangsu-2017-dept"), "sangong", "占“三公”经费的94.53%", "占“三公”经费的95.53%"
    )
    assert len(findings(document, "share.E001")) == 1


def test_n001_truncated_and_fewer_decimals() -> None:
    assert findings(built(), "share.N001") == []
    found = findings(read(SEED), "share.N001")
    truncated = next(f for f in found if "行政单位离退休" in f.message)
    assert "正文：占0.59%" in truncated.message and "四舍五入为 0.60%" in truncated.message
    short = next(f for f in found if "职业年金" in f.message)
    assert "正文：占1.1%（1位小数）" in short.message and "= 1.11%" in short.message


def test_e002_shares_of_a_complete_list() -> None:
    assert findings(built(), "share.E002") == []
    assert findings(read(SEED), "share.E002") == []  # 99.99 %
    document = set_claim(built(), "general_structure", "占71.87%", "占76.87%")
    [finding] = findings(document, "share.E002")
    assert "= 105.00%" in finding.message and "1307.84万元即总额" in finding.message


def test_a_whole_printed_exactly_replaces_the_sum_of_rounded_parts() -> None:
    # js-party-cttee-office_2018 p.11: 70 + 411.20 + 27 (integers: ±0.5 each) and the 三公 table's
    # 508.20: 411.20 / 508.20 = 80.913%, printed 80.92% — only the sum's rounding would explain it
    from yusuan.check.rules.share import Whole, _sharpest

    summed = Whole(Decimal("508.20"), Decimal("1.005"), "所列各项之和", True)
    table = Whole(Decimal("508.20"), Decimal(0), "三公表合计")
    other = Whole(Decimal("600"), Decimal(0), "收支总表合计")
    assert _sharpest([summed, table, other]) == [table, other]
    assert _sharpest([summed, other]) == [summed, other]  # 600 is another whole, not the sum
