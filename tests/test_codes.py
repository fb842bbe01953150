"""Classification codes: normalisation, levels, split-column joining."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yusuan.model.codes import (
    CodeError,
    CodeKind,
    ancestors,
    join_code_parts,
    level_of,
    normalise_code,
    parent_of,
)


def test_levels_and_parents() -> None:
    assert level_of("201") == "类" and level_of("20103") == "款" and level_of("2010301") == "项"
    assert parent_of("2010301") == "20103" and parent_of("20103") == "201" and parent_of("201") is None
    assert ancestors("2010301") == ["201", "20103"]


def test_join_split_columns_as_printed() -> None:
    assert join_code_parts("201", "3", "1") == "2010301"  # the seed's table 3 prints 201 | 3 | 1
    assert join_code_parts("201", "03", "99") == "2010399"  # its table 7 pads
    assert join_code_parts(301, 1) == "30101"
    assert join_code_parts("302", None) == "302"


@pytest.mark.parametrize("bad", ["20103011", "2O1", "", "4010301", 3.5])
def test_bad_function_codes(bad: object) -> None:
    with pytest.raises(CodeError):
        normalise_code(bad, CodeKind.FUNCTION)


def test_economic_codes() -> None:
    assert normalise_code(30101, CodeKind.ECONOMIC) == "30101"
    with pytest.raises(CodeError):
        normalise_code("3010101", CodeKind.ECONOMIC)


@given(st.integers(201, 299), st.integers(1, 99), st.integers(1, 99))
def test_join_is_inverse_of_split(klass: int, section: int, item: int) -> None:
    code = join_code_parts(klass, section, item)
    assert normalise_code(code, CodeKind.FUNCTION) == code
    assert (int(code[:3]), int(code[3:5]), int(code[5:])) == (klass, section, item)


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("201", CodeKind.FUNCTION),
        ("2080505", CodeKind.FUNCTION),
        ("30101", CodeKind.ECONOMIC),
        ("50201", CodeKind.ECONOMIC),
    ],
)
def test_code_kind_of_a_code(code: str, kind: CodeKind) -> None:
    assert CodeKind.of(code) is kind
