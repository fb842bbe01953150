"""Text width (yusuan.text.width): the one measure of the renderers' column widths and the reader's printed lines."""

import pytest

from yusuan.text.amounts import MONEY_FIGURE
from yusuan.text.numerals import chinese_number, parse_chinese_number
from yusuan.text.spacing import squeeze
from yusuan.text.units import PLACE, same_unit
from yusuan.text.width import display_width, em_width, is_wide


def test_wide_characters_take_two_cells():
    assert is_wide("预") and is_wide("（") and not is_wide("9") and not is_wide("“")
    assert display_width("行政运行") == 8
    assert display_width("（室）201") == 9


def test_a_printed_line_counts_every_character_beyond_ascii_wide():
    line = "“三公”经费—2024"
    assert display_width(line) == 4 * 2 + 3 * 1 + 4
    assert display_width(line, printed=True) == 7 * 2 + 4


def test_em_width_of_a_proportional_face():
    assert em_width("一般公共预算") == 6
    assert abs(em_width("2024年") - (4 * 0.6 + 1)) < 1e-9  # float-ok: a length


def test_squeeze_drops_every_white_space_the_ideographic_one_included():
    assert squeeze(" 一般\u3000公共\t预算\n支出 ") == "一般公共预算支出"
    assert squeeze("2024 年 2 月") == "2024年2月"
    assert squeeze("") == ""


@pytest.mark.parametrize(
    ("n", "text"), [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (35, "三十五"), (99, "九十九")]
)
def test_chinese_numerals_both_ways(n: int, text: str) -> None:
    assert chinese_number(n) == text
    assert parse_chinese_number(text) == n


def test_chinese_numerals_refuse_what_documents_do_not_number_with() -> None:
    assert all(parse_chinese_number(chinese_number(n)) == n for n in range(1, 100))
    for text in ("", "零", "一百", "十一二", "二三", "甲"):
        assert parse_chinese_number(text) is None
    for n in (0, 100):
        with pytest.raises(ValueError):
            chinese_number(n)


@pytest.mark.parametrize(
    ("name", "unit", "same"),
    [
        ("福州市科技局", "福州市科学技术局", True),  # an abbreviation
        ("政协江苏省委员会办公厅", "江苏省政协办公厅", True),  # the same characters, another order
        ("湖州市民政局", "湖州市财政局", False),  # 民政 is nowhere in the unit's name
    ],
)
def test_same_unit(name: str, unit: str, same: bool) -> None:
    assert same_unit(name, unit) is same


def test_place_a_unit_name_starts_with() -> None:
    match = PLACE.match("中共湖州市委宣传部")
    assert match is not None and match.group(1) == "湖州市"


@pytest.mark.parametrize(
    ("sentence", "figure"),
    [
        ("基本支出3468.65万元，较上年增加", "3468.65万元"),
        ("口岸管理业务 40,000.70 万元,主要包括", "40,000.70 万元"),
        ("安排1，200元", "1，200元"),
        ("增长12.5%", None),  # a percentage is no amount of money
        ("5千元", None),
    ],
)
def test_money_figure(sentence: str, figure: str | None) -> None:
    found = MONEY_FIGURE.search(sentence)
    assert (found.group(0) if found else None) == figure


def test_a_shortened_word_is_a_subsequence() -> None:
    from yusuan.text.spacing import is_subsequence

    assert is_subsequence("市发改委", "市发展和改革委员会")
    assert not is_subsequence("市改发委", "市发展和改革委员会")  # the order counts
    assert is_subsequence("", "任何") and not is_subsequence("多", "")
