"""Chinese messages for validation errors, and the Chinese titles of the fields they are about."""

from __future__ import annotations

import types
import typing
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import ErrorDetails

_SIMPLE = {
    "missing": "缺少必填字段",
    "extra_forbidden": "未知字段（文件格式中没有这个字段，请检查拼写）",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数，不能有小数",
    "string_type": "应为文字",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "list_type": "应为列表（每项以“- ”开头）",
    "dict_type": "应为映射（“键: 值”的形式）",
    "model_type": "应为映射（“键: 值”的形式）",
    "model_attributes_type": "应为映射（“键: 值”的形式）",
    "string_too_short": "不能为空",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "date_parsing": "日期格式应为 YYYY-MM-DD，如 2024-02-08",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD，如 2024-02-08",
    "date_type": "日期格式应为 YYYY-MM-DD，如 2024-02-08",
    "none_required": "此处不应有值",
}


def chinese_message(error: ErrorDetails) -> str:
    """The Chinese message for one pydantic error."""
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    given = error.get("input")
    if kind in _SIMPLE:
        message = _SIMPLE[kind]
        if kind not in ("missing", "extra_forbidden") and _is_shown(given):
            message += f"，实际为“{given}”"
        return message
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", "")).replace(" or ", "、").replace("'", "")
        choice = f"应为 {expected} 之一" if "、" in expected or "," in expected else f"应为 {expected}"
        return f"取值“{given}”无效，{choice}"
    if kind == "greater_than_equal":
        return f"应不小于 {ctx.get('ge')}，实际为 {given}"
    if kind == "less_than_equal":
        return f"应不大于 {ctx.get('le')}，实际为 {given}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    # Our own validators raise PydanticCustomError with Chinese text already.
    return error["msg"]


def _is_shown(value: Any) -> bool:
    return isinstance(value, (str, int)) and len(str(value)) <= 40


def unwrap(annotation: Any) -> Any:
    """Strip Optional / Annotated so that the model or container type shows."""
    while True:
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            args = [arg for arg in get_args(annotation) if arg is not type(None)]
            models = [arg for arg in args if isinstance(arg, type) and issubclass(arg, BaseModel)]
            annotation = models[0] if models else args[0]
        else:
            return annotation


def field_titles(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The Chinese titles of the fields along ``loc`` (for "项目 → 预算安排规模")."""
    titles: list[str] = []
    current: Any = model
    for part in loc:
        current = unwrap(current)
        origin = get_origin(current)
        if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(part, str):
            field = current.model_fields.get(part)
            if field is None:
                return titles
            if field.title:
                titles.append(field.title)
            current = field.annotation
        elif origin in (list, dict):
            current = get_args(current)[-1]
        else:
            return titles
    return titles
