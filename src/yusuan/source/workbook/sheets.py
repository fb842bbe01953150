"""The sheets of the input workbook: which part of the budget each holds, and how.

A *form* lists single fields one per row (the unit, 三公, assets …); a *table* lists the items of
one list or mapping of the budget one per row (expenditure lines, projects …). A table inside the
items of another list (a project's allocations) names its parent in its first column. The
columns themselves come from the model (:mod:`.columns`), never from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import get_args

from yusuan.model.budget import Budget
from yusuan.model.fields import Amount
from yusuan.model.performance import Indicator
from yusuan.source.messages import unwrap
from yusuan.source.workbook.columns import (
    Column,
    FieldPath,
    Kind,
    field_at,
    field_column,
    is_model,
    item_type,
    leaf_columns,
)

FORMAT = "yusuan-workbook"
VERSION = "1"
MARK_NAME = "YUSUAN_WORKBOOK"  # the defined name that marks a yusuan input workbook
MARK_SHEET = "_yusuan"
INSTRUCTIONS_SHEET = "填写说明"
CODES_SHEET = "科目代码"

# Tables: row 1 says what the sheet is for, row 2 holds the headings, row 3 (hidden) the field
# keys the reader goes by, data from row 4. Forms: the same rows; column A (hidden) holds the key.
NOTE_ROW, HEADING_ROW, KEY_ROW, FIRST_ROW = 1, 2, 3, 4
FORM_HEADINGS = ("字段", "填写内容", "说明")


@dataclass(frozen=True)
class Form:
    """Single fields, one per row: each root is a field of the budget (a model is expanded)."""

    name: str
    note: str
    roots: tuple[FieldPath, ...]

    @property
    def columns(self) -> list[Column]:
        return form_columns(self.roots)


@dataclass(frozen=True)
class Table:
    """The items of the list or mapping at ``at`` (``*``: each item of the list above), one per row."""

    name: str
    note: str
    at: FieldPath
    parent_key: str | None = None  # the field of the parent list's items that names the parent
    key_title: str | None = None  # the heading of a mapping's key column

    @property
    def parent(self) -> FieldPath | None:
        """The path of the parent list, where the table lists items of a list's items."""
        return self.at[: self.at.index("*")] if "*" in self.at else None

    @property
    def columns(self) -> list[Column]:
        return table_columns(self)


@dataclass(frozen=True)
class Custom:
    """A sheet whose rows do not follow one list of the model (subject names, indicators)."""

    name: str
    note: str


SUBJECTS = Custom(
    "科目名称", "本预算用到的类、款科目名称和科目用途说明；每个科目一行，名称和说明可只填一项。"
)
ABSENT = Custom(
    "本年无此项",
    "本年没有的预算部分：在“本年无此项”列选“是”；“说明”不填时用版式的标准说明（如“本单位无…，本表为空表”）。",
)
INDICATORS = Custom(
    "绩效指标",
    "单位整体和各项目的三级绩效指标，每个指标一行；“所属”填“单位整体”或项目名称（与“项目”表一致）。",
)
UNIT_OWNER = "单位整体"
ABSENT_MARK = "是"

SHEETS: tuple[Form | Table | Custom, ...] = (
    Form(
        "基本信息",
        "预算年度、版式、金额单位和单位信息。",
        (("year",), ("layout",), ("amount_unit",), ("comparison",), ("unit",), ("issuer",)),
    ),
    Form(
        "单位概况", "单位职能依据和人员情况。", (("profile", "functions", "intro"), ("profile", "staffing"))
    ),
    Table("主要职能", "主要职能条目，每条一行，按顺序。", ("profile", "functions", "items")),
    Table("内设机构", "内设机构及其主要职责，每个机构一行。", ("profile", "bodies")),
    Table("下属单位", "部门预算包括的下属预算单位，每个单位一行。", ("profile", "subordinate_units")),
    Table("收入", "各资金来源的上年数和增减原因（本年收入由支出计算，不填）。", ("income",)),
    Table(
        "收入其中",
        "收入中“其中”项（如 一般财力），每项一行，注明资金来源。",
        ("income", "*", "of_which"),
        parent_key="source",
        key_title="名称",
    ),
    Table(
        "支出功能分类",
        "每个功能分类科目（项）和资金来源一行：基本支出、上年数和增减原因；项目支出来自“项目”表。",
        ("expenditure",),
    ),
    SUBJECTS,
    Table("基本支出经济分类", "基本支出按经济分类科目的人员经费和公用经费。", ("basic_economic",)),
    Form(
        "文字说明", "说明中的文字段落：人员经费和公用经费的范围、增减原因。", (("basic_notes",), ("reasons",))
    ),
    Table("项目", "项目支出，每个项目一行。", ("projects",)),
    Table(
        "项目资金分配",
        "各项目的资金分配情况，每项一行，注明项目名称。",
        ("projects", "*", "allocations"),
        "name",
    ),
    ABSENT,
    Form(
        "三公经费",
        "财政拨款“三公”经费和机关运行经费：本年数、上年数、增减原因。",
        (("sangong",), ("operating_expenses",)),
    ),
    Table(
        "机关运行经费明细",
        "机关运行经费按经济分类科目的明细（版式需要时填）。",
        ("operating_expenses", "lines"),
    ),
    Form("政府采购", "政府采购预算合计和面向中小企业预留。", (("procurement",),)),
    Table("政府采购明细", "政府采购预算明细，每项一行。", ("procurement", "items")),
    Form("国有资产", "国有资产占用使用情况和本年购置安排。", (("assets",),)),
    Table("车辆", "车辆情况，每类一行。", ("assets", "vehicles")),
    Form("单位整体绩效", "单位（部门）整体绩效目标；指标填在“绩效指标”表。", (("performance",),)),
    Table(
        "项目绩效",
        "项目支出绩效目标，每个项目一行；指标填在“绩效指标”表。",
        ("project_performance",),
        key_title="项目名称",
    ),
    INDICATORS,
    Table("名词解释", "名词解释，每条一行。", ("glossary",)),
)


@cache
def form_columns(roots: tuple[FieldPath, ...]) -> list[Column]:
    columns: list[Column] = []
    for root in roots:
        field, annotation = field_at(Budget, root)
        title = field.title or str(root[-1])
        if is_model(annotation):
            columns += leaf_columns(annotation, root, (title,), field.is_required())
        else:
            columns.append(field_column(field, root, (title,), field.is_required()))
    return columns


@cache
def table_columns(table: Table) -> list[Column]:
    """The key columns (parent, mapping key) and then the item's own columns."""
    columns: list[Column] = []
    if table.parent is not None:
        assert table.parent_key is not None
        field, _ = field_at(Budget, (*table.parent, "*", table.parent_key))
        columns.append(field_column(field, ("@parent",), (field.title or table.parent_key,), True))
    field, annotation = field_at(Budget, table.at)
    if table.key_title is not None:
        columns.append(Column(("@key",), (table.key_title,), Kind.TEXT, True))
    items = item_type(annotation)
    if is_model(items):
        columns += leaf_columns(items)
    else:
        # items that are plain values (functions.items, of_which): one column, titled by the field
        kind = Kind.AMOUNT if get_args(unwrap(field.annotation))[-1] == Amount else Kind.TEXT
        columns.append(Column(("@value",), (field.title or str(table.at[-1]),), kind, True))
    return columns


@cache
def subject_columns() -> list[Column]:
    """科目名称: the code, then a name (subject_names) and a note (subject_notes), either may be blank."""
    names, notes = Budget.model_fields["subject_names"], Budget.model_fields["subject_notes"]
    return [
        Column(("@key",), ("科目编码",), Kind.SUBJECT, True, names.description),
        Column(("subject_names",), (names.title or "subject_names",), Kind.TEXT, False, names.description),
        Column(("subject_notes",), (notes.title or "subject_notes",), Kind.TEXT, False, notes.description),
    ]


@cache
def absent_columns() -> list[Column]:
    """本年无此项: one fixed row per part that may be declared absent."""
    return [
        Column(("@key",), ("key",), Kind.TEXT, False),
        Column(("@part",), ("预算部分",), Kind.TEXT, False),
        Column(("@declared",), ("本年无此项",), Kind.CHOICE, False, choices=(ABSENT_MARK,)),
        Column(("@note",), ("说明（不填则用版式的标准说明）",), Kind.TEXT, False),
    ]


@cache
def indicator_columns() -> list[Column]:
    """绩效指标: whose target it is, the 一级 and 二级 indicator, then the indicator's own fields."""
    return [
        Column(("@owner",), ("所属（单位整体或项目名称）",), Kind.TEXT, True),
        Column(("@level1",), ("一级指标",), Kind.TEXT, True),
        Column(("@level2",), ("二级指标",), Kind.TEXT, True),
        *leaf_columns(Indicator),
    ]
