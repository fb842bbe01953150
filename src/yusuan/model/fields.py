"""Field types shared by the budget model: amounts, codes, year-months, free text."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel as _PydanticBase
from pydantic import BeforeValidator, ConfigDict, Field, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from yusuan.model.codes import CodeError, CodeKind, normalise_code
from yusuan.model.money import AmountError, AmountUnit, parse_amount


class Model(_PydanticBase):
    """Base of every budget model: unknown fields are errors, values are checked on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, populate_by_name=True)


def _amount(value: Any, info: ValidationInfo) -> Decimal:
    unit = AmountUnit.WAN
    if info.context and isinstance(info.context.get("amount_unit"), AmountUnit):
        unit = info.context["amount_unit"]
    try:
        amount = parse_amount(value, unit)
    except AmountError as exc:
        raise PydanticCustomError("amount", str(exc)) from None
    if amount < 0:
        raise PydanticCustomError("amount_negative", "金额不能为负数：{value}", {"value": str(value)})
    return amount


_AMOUNT_SCHEMA = {
    "anyOf": [
        {"type": "number", "minimum": 0},
        {"type": "string", "pattern": r"^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$"},
    ],
    "description": "金额：十进制数字，单位见 amount_unit（默认万元）",
}

# An amount in the file's unit, stored exactly in 万元.
Amount = Annotated[
    Decimal,
    BeforeValidator(_amount),
    WithJsonSchema(_AMOUNT_SCHEMA),
]


def _code(kind: CodeKind, lengths: tuple[int, ...]) -> Any:
    def check(value: Any) -> str:
        try:
            code = normalise_code(value, kind, lengths)
        except CodeError as exc:
            raise PydanticCustomError("code", str(exc)) from None
        if len(code) not in lengths:
            need = "/".join(str(n) for n in lengths)
            raise PydanticCustomError(
                "code_level",
                "此处{label}编码应为 {need} 位，实际为“{code}”",
                {"label": kind.label, "need": need, "code": code},
            )
        return code

    return check


_CODE_SCHEMA = {"anyOf": [{"type": "string", "pattern": r"^\d+$"}, {"type": "integer"}]}

FunctionItemCode = Annotated[
    str,
    BeforeValidator(_code(CodeKind.FUNCTION, (7,))),
    WithJsonSchema({**_CODE_SCHEMA, "description": "支出功能分类科目项级编码（7 位），如 2010301"}),
]
FunctionCode = Annotated[
    str,
    BeforeValidator(_code(CodeKind.FUNCTION, (3, 5, 7))),
    WithJsonSchema(
        {
            **_CODE_SCHEMA,
            "description": "支出功能分类科目编码（类 3 位、款 5 位、项 7 位）",
        }
    ),
]
EconomicCode = Annotated[
    str,
    BeforeValidator(_code(CodeKind.ECONOMIC, (3, 5))),
    WithJsonSchema(
        {
            **_CODE_SCHEMA,
            "description": "部门预算支出经济分类科目编码（类 3 位、款 5 位）",
        }
    ),
]


def _subject_code(value: Any) -> str:
    text = str(value).strip() if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
    kind = CodeKind.ECONOMIC if text.startswith("3") else CodeKind.FUNCTION
    try:
        return normalise_code(value, kind)
    except CodeError as exc:
        raise PydanticCustomError("code", str(exc)) from None


SubjectCode = Annotated[
    str,
    BeforeValidator(_subject_code),
    WithJsonSchema(
        {**_CODE_SCHEMA, "description": "功能分类（2 开头，3/5/7 位）或经济分类（3 开头，3/5 位）科目编码"}
    ),
]

_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _year_month(value: Any) -> str:
    text = str(value).strip() if isinstance(value, (str, int)) else ""
    match = _YEAR_MONTH.match(text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise PydanticCustomError(
            "year_month",
            "年月格式应为 YYYY-MM，如 2024-01：“{value}”",
            {"value": value},
        )
    return text


YearMonth = Annotated[
    str,
    BeforeValidator(_year_month),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}$",
            "description": "年月，如 2024-01",
        }
    ),
]

# Free text entered by the preparer (functions, duties, reasons, goals).
Text = Annotated[str, Field(min_length=1)]

# Characters no disclosure text may hold: invisible, and refused by the XML of DOCX and XLSX.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def label(title: str, **kwargs: Any) -> Any:
    """A field with a Chinese title: shown in the JSON Schema and in error messages."""
    return Field(title=title, **kwargs)
