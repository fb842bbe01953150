"""Starting a unit's budget for a new year: blank, from last year's budget source, or from last
year's published document.

What starts a budget is plain values (what a source file holds, amounts exact in 万元), not a
budget: this year's amounts are not known yet, so they stay blank for the preparer to fill, and
``yusuan check`` lists what is still missing. Last year's figures become this year's prior-year
figures; nothing is invented.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel
from ruamel.yaml import YAML

from yusuan.atomic import write_atomic
from yusuan.compute import compute
from yusuan.model.budget import Budget, Sangong, Scope
from yusuan.model.codes import CodeError, CodeKind, normalise_code
from yusuan.model.fields import Amount
from yusuan.model.money import AmountUnit
from yusuan.model.sources import Source
from yusuan.source.messages import unwrap
from yusuan.source.workbook.columns import Kind, field_column, is_model
from yusuan.source.workbook.write import budget_data, data_to_workbook, save_workbook

XLSX_SUFFIX = ".xlsx"


@dataclass
class Start:
    """A new budget's plain values, and what could not be taken from last year."""

    data: dict[str, Any]
    taken: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def blank(year: int, layout: str | None, unit: str | None) -> Start:
    data: dict[str, Any] = {"yusuan": 1, "year": year, "layout": layout, "amount_unit": AmountUnit.WAN}
    if unit:
        data["unit"] = {"name": unit}
    return Start(data)


def from_budget(last: Budget, year: int, layout: str | None, unit: str | None) -> Start:
    """Last year's budget rolled forward: unit and profile carry over, its figures become prior ones."""
    old = budget_data(last)
    figures = compute(last)
    data: dict[str, Any] = {
        "yusuan": 1,
        "year": year,
        "layout": layout or last.layout,
        "amount_unit": last.amount_unit,
        "comparison": last.comparison,
        "unit": {**old["unit"], **({"name": unit} if unit else {})},
        "profile": old["profile"],
    }
    start = Start(data, taken=["单位信息", "单位概况"])
    staffing = last.profile.staffing
    if staffing is not None:
        data["profile"]["staffing"] = {
            "authorized": staffing.authorized,
            "prior": {
                "in_service": staffing.in_service,
                "retired": staffing.retired,
                "retired_cadres": staffing.retired_cadres,
            },
        }
        start.taken.append("上年人数")
    data["income"] = [
        {"source": source, "prior": figures.by_source(source)} for source in figures.income_sources
    ]
    data["expenditure"] = [
        {
            "code": line.code,
            "name": line.name,
            "source": line.source,
            "prior": {
                "basic": line.basic,
                "project": figures.cube.total(prefix=line.code, sources=[line.source], kinds=["project"]),
            },
        }
        for line in last.expenditure
    ]
    start.taken.append(f"支出功能分类科目 {len(last.expenditure)} 个及其上年数")
    for key in ("subject_names", "subject_notes", "basic_notes", "glossary"):
        if old.get(key):
            data[key] = old[key]
    if last.basic_economic:
        data["basic_economic"] = [
            {"code": line.code, "name": line.name, "source": line.source} for line in last.basic_economic
        ]
        start.taken.append(f"基本支出经济分类科目 {len(last.basic_economic)} 个（本年数待填）")
    if last.sangong is not None:
        data["sangong"] = {
            name: {"prior": item.amount}
            for name in Sangong.model_fields
            if (item := getattr(last.sangong, name, None)) is not None and not isinstance(item, str)
        }
        start.taken.append("“三公”经费上年数")
    if last.operating_expenses is not None:
        data["operating_expenses"] = {"prior": last.operating_expenses.amount}
        start.taken.append("机关运行经费上年数")
    if last.issuer is not None:
        data["issuer"] = {"name": last.issuer.name}
    if last.projects:
        start.missing.append(f"上年 {len(last.projects)} 个项目未带入（其金额已计入各科目的上年项目支出）")
    return start


def from_document(document: Any, year: int, layout: str | None, unit: str | None) -> Start:
    """Last year's published document (as :mod:`yusuan.read` read it): the unit's name and the
    prior-year figures of the tables that could be read; the rest is reported, never guessed."""
    name = unit or document.unit_name or None
    data: dict[str, Any] = {"yusuan": 1, "year": year, "layout": layout, "amount_unit": AmountUnit.WAN}
    start = Start(data)
    if name:
        data["unit"] = {"name": name}
        start.taken.append(f"单位名称“{name}”")
    else:
        start.missing.append("单位名称（请用 --unit 给出）")
    if document.year != year - 1:
        start.missing.append(f"注意：所给文件是 {document.year} 年的，不是 {year - 1} 年的")
    if document.scope in {scope.value for scope in Scope}:
        data.setdefault("unit", {})["scope"] = document.scope
    tables = {table.key: table for table in document.tables if not table.empty and table.rows}
    function_table = tables.get("expenditure") or tables.get("general")
    lines = _function_lines(function_table)
    if lines and function_table is not None:
        data["expenditure"] = lines
        start.taken.append(
            f"支出功能分类科目 {len(lines)} 个及其上年基本支出、项目支出（取自“{function_table.title}”，"
            "资金来源均记为一般公共预算拨款，请核对）"
        )
    else:
        start.missing.append("支出功能分类（项）的上年数：未读到按功能分类的支出表")
    sangong = _sangong(tables.get("sangong"))
    if sangong:
        data["sangong"] = sangong
        start.taken.append("“三公”经费上年数")
    else:
        start.missing.append("“三公”经费上年数：未读到“三公”经费表")
    start.missing.append("收入、人员、项目、绩效目标等：请按上年文件填写")
    return start


def _in_wan(table: Any, value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    unit = table.unit or AmountUnit.WAN
    return AmountUnit(unit).to_wan(value)


def _function_lines(table: Any) -> list[dict[str, Any]]:
    if table is None:
        return []
    keys = [column.key for column in table.columns]
    lines = []
    for row in table.rows:
        if row.kind != "item" or row.code is None:
            continue
        try:
            code = normalise_code(row.code, CodeKind.FUNCTION, (7,))
        except CodeError:
            continue
        cells = dict(zip(keys, row.cells, strict=False))
        prior = {
            part: _in_wan(table, cells[part].value)
            for part in ("basic", "project")
            if part in cells and cells[part].value is not None
        }
        name = cells["name"].text.strip() if "name" in cells else ""
        line: dict[str, Any] = {"code": code, "name": name or None, "source": Source.GENERAL}
        if prior:
            line["prior"] = prior
        lines.append(line)
    return lines


def _sangong(table: Any) -> dict[str, Any]:
    if table is None or not table.rows:
        return {}
    keys = [column.key for column in table.columns]
    cells = dict(zip(keys, table.rows[0].cells, strict=False))
    result = {}
    for name in ("overseas", "vehicle_purchase", "vehicle_running", "reception"):
        cell = cells.get(f"current.{name}")
        if cell is not None and cell.value is not None:
            result[name] = {"prior": _in_wan(table, cell.value)}
    return result


# ------------------------------------------------------------ writing


def write_start(start: Start, target: Path) -> None:
    """Write the new budget as YAML or as the input workbook, by the target's suffix."""
    if target.suffix.lower() == XLSX_SUFFIX:
        save_workbook(data_to_workbook(start.data), target)
        return
    write_atomic(target, budget_yaml(start.data))


def budget_yaml(data: dict[str, Any]) -> str:
    """Plain budget values as a YAML source, amounts in the file's unit, blanks left out."""
    unit = AmountUnit(data.get("amount_unit") or AmountUnit.WAN)
    plain = _plain(_in_unit(data, Budget, unit))
    yaml = YAML()
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.representer.add_representer(Decimal, _represent_decimal)
    buffer = io.StringIO()
    buffer.write(
        f"# {data.get('year')} 年预算（yusuan new 生成；本年数待填写，yusuan check 列出尚缺的内容）\n"
    )
    yaml.dump(plain, buffer)
    return buffer.getvalue()


def _represent_decimal(representer: Any, value: Decimal) -> Any:
    text = format(value.normalize(), "f")
    return representer.represent_scalar(
        "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int", text
    )


def _in_unit(value: Any, annotation: Any, unit: AmountUnit) -> Any:
    """Amounts (exact, in 万元) converted into the file's unit, following the model's fields."""
    base = unwrap(annotation)
    if isinstance(value, dict) and is_model(base):
        fields = base.model_fields
        result = {}
        for key, item in value.items():
            info = fields.get(key)
            if info is None:
                result[key] = item
            elif isinstance(item, Decimal) and field_column(info, (key,), (), False).kind is Kind.AMOUNT:
                result[key] = unit.from_wan(item)
            else:
                result[key] = _in_unit(item, info.annotation, unit)
        return result
    origin = get_origin(base)
    if isinstance(value, list) and origin is list:
        return [_in_unit(item, get_args(base)[0], unit) for item in value]
    if isinstance(value, dict) and origin is dict:
        inner = get_args(base)[1]
        if inner == Amount:
            return {key: unit.from_wan(item) for key, item in value.items()}
        return {key: _in_unit(item, inner, unit) for key, item in value.items()}
    return value


def _plain(value: Any) -> Any:
    """Blank values left out, enums by their value: what a person would write."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items() if v is not None and v != [] and v != {}}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, BaseModel):
        return _plain(value.model_dump(mode="python"))
    if isinstance(value, Source):
        return value.value
    if hasattr(value, "value") and not isinstance(value, Decimal):
        return value.value
    return value
