"""The budget: what a preparer enters for one unit and one year, normalised.

No derived figure is stored here: totals, subtotals, shares, income by source and
year-on-year changes are computed by :mod:`yusuan.compute`. Amounts are exact ``Decimal``
in 万元 once loaded (a file may state them in 元, see ``amount_unit``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from pydantic import model_validator

from yusuan.model.fields import (
    Amount,
    EconomicCode,
    FunctionCode,
    FunctionItemCode,
    Model,
    SubjectCode,
    Text,
    YearMonth,
    label,
)
from yusuan.model.money import AmountUnit
from yusuan.model.performance import ProjectPerformance, UnitPerformance
from yusuan.model.sources import Source, SourceGroup


class Scope(StrEnum):
    """Whether the disclosure covers a department (with its units) or a single unit."""

    DEPARTMENT = "部门"
    UNIT = "单位"


class PriorBasis(StrEnum):
    """What the prior-year figures are: last year's budget or last year's execution."""

    BUDGET = "上年预算"
    EXECUTION = "上年预算执行数"


class PartState(StrEnum):
    """A budget part that may be empty: present, declared absent (with its note), or missing."""

    PRESENT = "present"
    NONE = "none"
    UNDECLARED = "undeclared"


# ---------------------------------------------------------------- unit and profile


class Unit(Model):
    """Who publishes: the budget unit or department."""

    name: Text = label("单位全称")
    short_name: str | None = label("简称", default=None, description="正文中“以下简称”的名称")
    scope: Scope = label("公开范围（部门/单位）")
    kind: str | None = label("单位性质", default=None, description="如 行政单位、参公事业单位、事业单位")
    region: str | None = label("地区", default=None)
    parent: str | None = label("主管部门", default=None)
    address: str | None = label("地址", default=None)


class Functions(Model):
    """主要职能: an introduction (legal basis of the unit) and the numbered functions."""

    intro: str | None = label("职能依据与说明", default=None)
    items: list[Text] = label("主要职能条目")


class Body(Model):
    """An internal body (内设机构) and its duties."""

    name: Text = label("机构名称")
    includes: str | None = label("含（挂牌、下设）", default=None, description="括号内的附属名称")
    duties: str | None = label("主要职责", default=None)


class SubordinateUnit(Model):
    """A budget unit included in a department's budget (下属预算单位)."""

    name: Text = label("单位名称")
    kind: str | None = label("单位性质", default=None)
    reporting: str | None = label("编报方式", default=None, description="单独编报 或 并入本部")


class Headcount(Model):
    in_service: int = label("在职人数", ge=0)
    retired: int = label("退休人数", ge=0)
    retired_cadres: int = label("离休人数", ge=0, default=0)


class Staffing(Headcount):
    """编制与实有人数. 实有人数 = 在职 + 退休 + 离休 and is computed, not entered."""

    authorized: int = label("编制数", ge=0)
    prior: Headcount | None = label("上年人数（用于增减）", default=None)


class UnitProfile(Model):
    """Part 1 of the disclosure: functions, organisation, staffing."""

    functions: Functions = label("主要职能")
    bodies: list[Body] = label("内设机构", default_factory=list)
    subordinate_units: list[SubordinateUnit] = label("下属预算单位", default_factory=list)
    staffing: Staffing | None = label("人员情况", default=None)


# ---------------------------------------------------------------- income and expenditure


class IncomeEntry(Model):
    """What the text says about one income source: its prior-year amount and reason.

    This year's amount is not entered: it is the expenditure funded from this source.
    """

    source: Source = label("资金来源")
    of_which: dict[str, Amount] = label("其中", default_factory=dict, description="如 一般财力: 1307.84")
    prior: Amount | None = label("上年数", default=None)
    reason: str | None = label("增减原因", default=None)


class PriorSplit(Model):
    basic: Amount = label("上年基本支出", default=Decimal(0))
    project: Amount = label("上年项目支出", default=Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.basic + self.project


class FunctionLine(Model):
    """One function subject (项) of the budget: its basic expenditure, prior year and reason.

    Project expenditure under this subject comes from the projects that name it, plus
    ``project``: project expenditure not itemised into projects (a workbook that prints only the
    subject's project total, see docs/import.md).
    """

    code: FunctionItemCode = label("功能分类科目编码（项）")
    name: Text = label("科目名称")
    source: Source = label("资金来源", default=Source.GENERAL)
    basic: Amount = label("基本支出", default=Decimal(0))
    project: Amount = label(
        "未列明到项目的项目支出",
        default=Decimal(0),
        description="只知道科目的项目支出合计、不知道具体项目时填写（如从官方模板导入）；与 projects 中该科目的项目金额相加",
    )
    prior: PriorSplit | None = label("上年数", default=None)
    reason: str | None = label("增减原因", default=None)


class EconomicLine(Model):
    """Basic expenditure under one economic subject, split personnel / public.

    A 类-level line (3 digits) holds what is not itemised to 款.
    """

    code: EconomicCode = label("经济分类科目编码")
    name: Text = label("科目名称")
    source: Source = label("资金来源", default=Source.GENERAL)
    personnel: Amount = label("人员经费", default=Decimal(0))
    public: Amount = label("公用经费", default=Decimal(0))


class Allocation(Model):
    item: Text = label("分配事项")
    amount: Amount = label("金额")


class Period(Model):
    start: YearMonth = label("开始年月")
    end: YearMonth = label("结束年月")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"资金执行时间结束（{self.end}）早于开始（{self.start}）")
        return self


class Project(Model):
    """A project (项目支出): subject, amount, basis, owner, allocation and period."""

    name: Text = label("项目名称")
    code: str | None = label("项目编码", default=None)
    subject: FunctionItemCode = label("功能分类科目编码（项）")
    source: Source = label("资金来源", default=Source.GENERAL)
    amount: Amount = label("预算安排规模")
    basis: str | None = label("设立的政策依据", default=None)
    owner: str | None = label("项目承担单位", default=None)
    allocations: list[Allocation] = label("资金分配情况", default_factory=list)
    period: Period | None = label("资金执行时间", default=None)


class NoneThisYear(Model):
    """Parts declared absent this year, each with the note printed under its empty table.

    A key present with an empty value declares the part absent with the layout's standard note.
    """

    gov_fund: str | None = label("无政府性基金预算的说明", default=None)
    state_capital: str | None = label("无国有资本经营预算的说明", default=None)
    carry_over: str | None = label("无上年结转结余的说明", default=None)


class ChangeReasons(Model):
    basic: str | None = label("基本支出增减原因", default=None)
    project: str | None = label("项目支出增减原因", default=None)


class BasicNotes(Model):
    """What personnel and public expenditure cover (section 六's lists)."""

    personnel: str | None = label("人员经费主要包括", default=None)
    public: str | None = label("公用经费主要包括", default=None)


# ---------------------------------------------------------------- other matters


class Item(Model):
    """An amount with its prior-year value and the reason for the change."""

    amount: Amount = label("本年数")
    prior: Amount | None = label("上年数", default=None)
    reason: str | None = label("增减原因", default=None)


class Sangong(Model):
    """财政拨款"三公"经费; meeting and training fees where a layout shows them."""

    overseas: Item = label("因公出国（境）费")
    vehicle_purchase: Item = label("公务用车购置费")
    vehicle_running: Item = label("公务用车运行维护费")
    reception: Item = label("公务接待费")
    meeting: Item | None = label("会议费", default=None)
    training: Item | None = label("培训费", default=None)
    reason: str | None = label("总体增减原因", default=None)


class OperatingExpenseLine(Model):
    code: EconomicCode = label("经济分类科目编码")
    name: Text = label("科目名称")
    amount: Amount = label("金额")


class OperatingExpenses(Item):
    """机关运行经费. The breakdown by economic subject is optional (Jiangsu prints it)."""

    lines: list[OperatingExpenseLine] = label("按经济分类明细", default_factory=list)


class ProcurementItem(Model):
    category: Literal["货物", "工程", "服务"] = label("采购品目大类")
    name: Text = label("采购物品名称")
    project: str | None = label("专项名称", default=None)
    economic: EconomicCode | None = label("经济科目", default=None)
    method: str | None = label("采购组织形式", default=None)
    amount: Amount = label("金额")


class Procurement(Model):
    """政府采购预算 by category, with the amounts reserved for SMEs."""

    goods: Amount = label("货物", default=Decimal(0))
    works: Amount = label("工程", default=Decimal(0))
    services: Amount = label("服务", default=Decimal(0))
    sme_reserved: Amount | None = label("面向中小企业预留", default=None)
    small_micro_reserved: Amount | None = label("其中：面向小微企业预留", default=None)
    items: list[ProcurementItem] = label("采购明细", default_factory=list)


class Buildings(Model):
    area: Decimal = label("面积（平方米）", ge=0)
    value: Amount = label("价值")


class VehicleGroup(Model):
    type: Text = label("车辆类型", description="如 轿车、越野车、其他车辆；或按用途分类")
    count: int = label("数量（辆）", ge=0)
    value: Amount | None = label("价值", default=None)


class PlannedPurchases(Model):
    vehicles: int = label("本年安排购置车辆（辆）", ge=0, default=0)
    vehicle_funds: Amount = label("购置车辆经费", default=Decimal(0))
    equipment_over_50: int = label("安排购置单价50万元以上设备（台套）", ge=0, default=0)
    equipment_over_100: int = label("其中单价100万元以上（台套）", ge=0, default=0)


class Assets(Model):
    """国有资产占用使用情况 as of a date."""

    as_of: dt.date = label("截至日期")
    buildings: Buildings | None = label("房屋", default=None)
    vehicles: list[VehicleGroup] = label("车辆", default_factory=list)
    furniture_value: Amount | None = label("办公家具价值", default=None)
    other_value: Amount | None = label("其他资产价值", default=None)
    equipment_over_50: int | None = label("单位价值50万元以上大型设备（台套）", ge=0, default=None)
    equipment_over_100: int | None = label("单位价值100万元以上大型设备（台套）", ge=0, default=None)
    planned: PlannedPurchases | None = label("本年预算安排购置", default=None)


class Term(Model):
    term: Text = label("名词")
    definition: Text = label("解释")


class Issuer(Model):
    name: Text = label("发布单位")
    date: dt.date = label("发布日期")


# ---------------------------------------------------------------- the budget


class Budget(Model):
    """One unit's budget for one year: everything a disclosure is generated from."""

    yusuan: Literal[1] = label("文件格式版本", description="固定为 1")
    year: int = label("预算年度", ge=2000, le=2100)
    amount_unit: AmountUnit = label("文件中金额的单位", default=AmountUnit.WAN)
    layout: str | None = label("版式（公开模板）", default=None, description="yusuan layouts 列出可用版式")
    comparison: PriorBasis = label("上年数口径", default=PriorBasis.BUDGET)
    unit: Unit = label("单位")
    profile: UnitProfile = label("单位概况")
    income: list[IncomeEntry] = label("收入说明（上年数、原因）", default_factory=list)
    expenditure: list[FunctionLine] = label("支出功能分类（项）及基本支出")
    subject_names: dict[SubjectCode, str] = label(
        "类、款科目名称",
        default_factory=dict,
        description="本预算用到的类、款名称，如 201: 一般公共服务支出",
    )
    subject_notes: dict[FunctionCode, str] = label(
        "科目用途说明",
        default_factory=dict,
        description="如 201: 主要用于单位人员工资福利支出…",
    )
    basic_economic: list[EconomicLine] = label("基本支出经济分类", default_factory=list)
    basic_notes: BasicNotes | None = label("人员经费与公用经费说明", default=None)
    reasons: ChangeReasons | None = label("基本支出与项目支出增减原因", default=None)
    projects: list[Project] = label("项目", default_factory=list)
    none_this_year: NoneThisYear | None = label("本年无此项预算的说明", default=None)
    sangong: Sangong | None = label("“三公”经费", default=None)
    operating_expenses: OperatingExpenses | None = label("机关运行经费", default=None)
    procurement: Procurement | None = label("政府采购", default=None)
    assets: Assets | None = label("国有资产占用使用情况", default=None)
    performance: UnitPerformance | None = label("单位整体绩效目标", default=None)
    project_performance: dict[str, ProjectPerformance] = label(
        "项目绩效目标",
        default_factory=dict,
        description="键为项目名称（与 projects 中一致）",
    )
    glossary: list[Term] = label("名词解释", default_factory=list)
    issuer: Issuer | None = label("发布单位与日期", default=None)

    def used_sources(self) -> set[Source]:
        """Every source some expenditure line, economic line or project draws on."""
        return (
            {line.source for line in self.expenditure}
            | {line.source for line in self.basic_economic}
            | {project.source for project in self.projects}
        )

    def part_state(self, part: Literal["gov_fund", "state_capital", "carry_over"]) -> PartState:
        """Whether a part that may be empty is present, declared absent, or neither."""
        declared = self.none_this_year
        if declared is not None and part in declared.model_fields_set:
            return PartState.NONE
        return PartState.PRESENT if _part_used(self, part) else PartState.UNDECLARED


Path = tuple[str | int, ...]


def integrity_problems(budget: Budget) -> list[tuple[Path, str]]:
    """Problems of reference and uniqueness inside a budget, each with the path of the field.

    These are errors of the source file (a project naming a subject that is not listed, a part
    declared absent that is used), not findings about the figures: those belong to the checker.
    """
    problems = _repeated_lines("expenditure", budget.expenditure, "支出科目")
    problems += _repeated_lines("basic_economic", budget.basic_economic, "经济分类科目")
    first_income: dict[Source, int] = {}
    for index, entry in enumerate(budget.income):
        if entry.source in first_income:
            message = f"资金来源“{entry.source.label}”已在 income 第 {first_income[entry.source] + 1} 条说明，不应重复"
            problems.append((("income", index, "source"), message))
        first_income.setdefault(entry.source, index)
    codes = {line.code for line in budget.expenditure}
    names: dict[str, int] = {}
    for index, project in enumerate(budget.projects):
        if project.subject not in codes:
            problems.append(
                (
                    ("projects", index, "subject"),
                    f"项目“{project.name}”的功能科目 {project.subject} 未在 expenditure 中列出；"
                    "请在 expenditure 中加上该科目（名称、上年数、增减原因）",
                )
            )
        if project.name in names:
            problems.append(
                (
                    ("projects", index, "name"),
                    f"项目名称“{project.name}”与第 {names[project.name] + 1} 个项目重复",
                )
            )
        names.setdefault(project.name, index)
    for name in budget.project_performance:
        if name not in names:
            problems.append(
                (
                    ("project_performance", name),
                    f"绩效目标表所属项目“{name}”不在 projects 中",
                )
            )
    declared = budget.none_this_year
    if declared is not None:
        for part in ("gov_fund", "state_capital", "carry_over"):
            if part in declared.model_fields_set and _part_used(budget, part):
                title = NoneThisYear.model_fields[part].title or part
                problems.append(
                    (
                        ("none_this_year", part),
                        f"声明了“{title}”（本年无此项），但有支出或项目使用了该资金来源",
                    )
                )
    return problems


def _repeated_lines(
    field: str, lines: Sequence[FunctionLine | EconomicLine], what: str
) -> list[tuple[Path, str]]:
    """A subject listed twice for the same source (it would be counted twice)."""
    problems: list[tuple[Path, str]] = []
    first: dict[tuple[str, Source], int] = {}
    for index, line in enumerate(lines):
        key = (line.code, line.source)
        if key in first:
            message = f"{what} {line.code}（{line.source.label}）已在第 {first[key] + 1} 条列出，不应重复"
            problems.append(((field, index, "code"), message))
        first.setdefault(key, index)
    return problems


def _uses(source: Source, part: str) -> bool:
    if part == "carry_over":
        return source.group is SourceGroup.CARRY_OVER
    return source.group is SourceGroup.FISCAL and source.fund is not None and source.fund.value == part


def _part_used(budget: Budget, part: str) -> bool:
    return any(_uses(source, part) for source in budget.used_sources())
