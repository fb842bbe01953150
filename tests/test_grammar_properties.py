"""Property tests of the grammars every input goes through (issue 11): printed figures, amounts,
the claims of a sentence and the budget YAML. Whatever the text, each either reads it or says it
cannot, in its own error — never another exception."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yusuan.budgetfile import load_budget
from yusuan.model.money import AmountError, AmountUnit, parse_amount
from yusuan.read.numbers import parse_figure
from yusuan.source import SourceError
from yusuan.text.claims import extract_claims, normalise

# the characters budget text is made of, and the ones that break grammars
_TEXT = st.text(
    alphabet=st.sampled_from(
        [
            *list("0123456789.,，。；：%-+（）()万元亿千比上年增加减少下降增长持平主要原因是为用于其中合计"),
            "\t",
            "\n",
            " ",
            "\u3000",
            "\x00",
            "\ufffe",
            "—",
            "e",
            "E",
            "１",
            "２",
        ]
    ),
    max_size=80,
)


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False, allow_infinity=False))
def test_a_printed_figure_reads_back(value: Decimal) -> None:
    text = f"{value:,.2f}"
    assert parse_figure(text) == value


@given(_TEXT)
def test_parse_figure_never_raises(text: str) -> None:
    value = parse_figure(text)
    assert value is None or isinstance(value, Decimal)


@given(_TEXT, st.sampled_from(list(AmountUnit)))
def test_parse_amount_reads_or_says_why(text: str, unit: AmountUnit) -> None:
    try:
        value = parse_amount(text, unit)
    except AmountError as error:
        assert str(error)  # a Chinese message
    else:
        assert value.is_finite()


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT, st.integers(min_value=2015, max_value=2030))
def test_claims_of_any_sentence(text: str, year: int) -> None:
    norm, _ = normalise(text)
    for claim in extract_claims(text, year=year):
        assert claim.value.is_finite()
        assert claim.text in norm or claim.text in text


_YAML = st.lists(
    st.sampled_from([*list("yusan:year20241 -[]{}&*!|>'\"#\n\t,.万元\x00\x07"), "  ", "- ", ": ", "\n  "]),
    max_size=60,
).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_YAML)
def test_any_yaml_loads_or_is_refused_with_problems(tmp_path: Path, text: str) -> None:
    path = tmp_path / "budget.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_budget(path)
    except SourceError as error:
        assert error.problems and all(str(p) for p in error.problems)


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False))
def test_a_figure_typed_in_full_width_reads_as_its_ascii_form(value: Decimal) -> None:
    # a document typed with a Chinese input method: "１，２３４．５０", "－３．２０", "（１２．５０）"
    ascii_text = f"{value:,.2f}"
    wide = ascii_text.translate(str.maketrans("0123456789,.-", "０１２３４５６７８９，．－"))
    assert parse_figure(wide) == value
    assert parse_figure(
        f"（{abs(value):,.2f}）".translate(str.maketrans("0123456789,.", "０１２３４５６７８９，．"))
    ) == -abs(value)
