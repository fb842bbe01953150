"""Build the disclosure document of a budget in one layout profile.

Every figure comes from :mod:`yusuan.compute` (the cube and the derived figures) and carries
its provenance: the budget fields it sums and how. Free text comes from the budget as entered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Literal

from yusuan.compute import Figures, compute
from yusuan.compute.cube import Cube, Entry
from yusuan.layout.contents import build_contents
from yusuan.layout.profile import (
    ColumnSpec,
    IncomeItem,
    LayoutProfile,
    SectionSpec,
    TableSpec,
    select_sources,
)
from yusuan.model.budget import Budget, PartState
from yusuan.model.document import (
    CODE_KEYS,
    Cell,
    Chart,
    ChartSeries,
    Column,
    Document,
    GlossaryEntry,
    HeaderCell,
    IndicatorRow,
    Part,
    PerformanceTable,
    ProjectNote,
    Provenance,
    Row,
    RowKind,
    Section,
    Table,
)
from yusuan.model.money import ZERO, format_amount, percent, quantize
from yusuan.model.performance import Indicators, iter_indicators
from yusuan.model.sources import Source
from yusuan.reference.catalog import CORPUS_SOURCE, function_classes
from yusuan.text.numerals import chinese_number

_MEASURE_KINDS = {
    "total": None,
    "basic": ("basic",),
    "project": ("project",),
    "personnel": ("personnel",),
    "public": ("public",),
}
LANDSCAPE_COLUMNS = 8  # tables this wide go on a landscape page unless the layout says otherwise


def _column_kind(spec: TableSpec, index: int, rows: list[Row]) -> Literal["code", "text", "figure"]:
    column = spec.columns[index]
    if column.key in CODE_KEYS:
        return "code"
    if column.measure is not None or any(row.cells[index].value is not None for row in rows):
        return "figure"
    return "text"


def _origins(entries: Iterable[Entry]) -> str | None:
    origins = sorted({entry.origin for entry in entries})
    if not origins:
        return None
    return ", ".join(origins[:12]) + (f" …（共 {len(origins)} 处）" if len(origins) > 12 else "")


class _TableBuilder:
    """Builds one table from its spec; shared by every table kind."""

    def __init__(self, doc: DocumentBuilder, spec: TableSpec) -> None:
        self.doc = doc
        self.spec = spec
        self.sources = select_sources(spec.sources)
        self.rows: list[Row] = []

    # ---------------------------------------------------------------- cells
    def money(self, value: Decimal | None, provenance: Provenance | None = None) -> Cell:
        if value is None:
            return Cell(text="", provenance=provenance)
        shown = self.spec.unit.from_wan(value)
        if value == 0 and self.spec.zero != "number":
            text = "" if self.spec.zero == "blank" else "0"
        else:
            text = format_amount(shown, self.spec.decimals, self.spec.thousands)
        # The document holds figures as printed (rounded half-up to the table's decimals), the way
        # a reader would find them; exact amounts stay in the budget and the compute layer.
        return Cell(text=text, value=quantize(shown, self.spec.decimals), provenance=provenance)

    def sum_cell(self, entries: list[Entry], what: str) -> Cell:
        """The sum of some cube entries, pointing back to the budget fields they come from."""
        value = sum((e.amount for e in entries), ZERO)
        return self.money(value, Provenance(table=self.spec.key, path=_origins(entries), derivation=what))

    def measure(
        self,
        cube: Cube,
        column: ColumnSpec,
        prefix: str | None,
        what: str,
        sources: frozenset[Source] | None = None,
    ) -> Cell:
        """A column's measure over the table's sources (narrowed by the column's and ``sources``)."""
        selected = self.sources & select_sources(column.sources) if column.sources else self.sources
        if sources is not None:
            selected &= sources
        kinds = _MEASURE_KINDS[column.measure or "total"]
        return self.sum_cell(cube.select(prefix, selected, kinds), what)

    def code_cell(self, key: str, code: str) -> Cell:
        parts = {
            "code.class": code[:3],
            "code.section": code[3:5],
            "code.item": code[5:7],
        }
        if key == "code":
            return Cell(text=code)
        part = parts[key]
        if part and key != "code.class" and not self.spec.pad_codes:
            part = str(int(part))
        return Cell(text=part)

    def label_row(self, label: str, values: dict[str, Cell], kind: RowKind = "total") -> Row:
        """A total row: the label goes in the first column that is not a code or figure."""
        cells = []
        placed = False
        for column in self.spec.columns:
            if column.key in values:
                cells.append(values[column.key])
            elif not placed and column.key not in CODE_KEYS and column.measure is None:
                cells.append(Cell(text=label))
                placed = True
            else:
                cells.append(Cell())
        return Row(kind=kind, cells=cells)

    # ---------------------------------------------------------------- subject tables
    def subject_rows(self, cube: Cube, codes: list[str], names: dict[str, str], leaf_length: int = 7) -> None:
        for code in codes:
            cells = []
            for column in self.spec.columns:
                if column.key in CODE_KEYS:
                    cells.append(self.code_cell(column.key, code))
                elif column.key == "name":
                    cells.append(Cell(text=names.get(code) or self.doc.name_of(code, self.spec)))
                elif column.measure is not None:
                    cells.append(self.measure(cube, column, code, f"科目 {code} 的合计"))
                else:
                    cells.append(Cell())
            level = {3: 1, 5: 2, 7: 3}[len(code)]
            leaf = len(code) == leaf_length or self.spec.rows == "classes"
            self.rows.append(
                Row(
                    kind="item" if leaf else "subtotal",
                    level=level,
                    code=code,
                    cells=cells,
                )
            )

    def total_row(self, cube: Cube) -> Row:
        values = {
            column.key: self.measure(cube, column, None, "本表合计")
            for column in self.spec.columns
            if column.measure is not None
        }
        return self.label_row(self.spec.total_label, values)

    def finish(self, cube: Cube | None) -> Table:
        spec = self.spec
        empty = not self.rows
        if cube is not None and (self.rows or spec.kind != "summary"):
            total = self.total_row(cube)
            if spec.total_position == "top":
                self.rows.insert(0, total)
            else:
                self.rows.append(total)
        return Table(
            key=spec.key,
            number=spec.number,
            title=self.doc.fill(
                self.doc.profile.table_title.replace("{title}", spec.title), number=spec.number
            ),
            issuer_label=self.doc.profile.issuer_label,
            issuer=self.doc.budget.unit.name,
            unit=spec.unit,
            header=[
                [HeaderCell(text=self.doc.fill(c.text), cols=c.cols, rows=c.rows) for c in row]
                for row in spec.headers()
            ],
            columns=[
                Column(key=c.key, title=self.doc.fill(c.title), kind=_column_kind(spec, index, self.rows))
                for index, c in enumerate(spec.columns)
            ],
            decimals=spec.decimals,
            thousands=spec.thousands,
            number_label=self.doc.fill(label, number=spec.number)
            if (label := self.doc.profile.table_label)
            else None,
            title_align=self.doc.profile.table_title_align,
            landscape=spec.orientation == "landscape"
            or (spec.orientation == "auto" and len(spec.columns) >= LANDSCAPE_COLUMNS),
            rows=self.rows,
            empty=empty,
            note=self.doc.empty_note(spec) if empty else None,
        )


class DocumentBuilder:
    """Maps one budget onto one layout profile."""

    def __init__(
        self,
        budget: Budget,
        profile: LayoutProfile,
        figures: Figures | None = None,
        templates_dir: Path | None = None,
    ) -> None:
        self.budget = budget
        self.profile = profile
        self.figures = figures or compute(budget)
        self.templates_dir = templates_dir
        self.remarks: list[str] = []
        self.unnamed: dict[str, list[str]] = {}  # code: the numbers of the tables that print it
        self.borrowed: dict[str, list[str]] = {}  # named after other documents (printed_name)

    # ---------------------------------------------------------------- helpers
    def fill(self, template: str, number: str = "") -> str:
        """Fill a layout template: {unit} {year} {prior_year} {scope} {number}."""
        b = self.budget
        return template.format(
            unit=b.unit.name, year=b.year, prior_year=b.year - 1, scope=self.profile.scope, number=number
        )

    def name_of(self, code: str, spec: TableSpec | None = None) -> str:
        """The subject's name; a missing one, and one taken from other documents' printed names,
        is remembered for the document's remarks."""
        name = self.figures.subject_name(code)
        found = self.unnamed if name is None else self.borrowed
        if name is None or self.figures.printed_name(code) is not None:
            found.setdefault(code, [])
            if spec is not None and spec.number not in found[code]:
                found[code].append(spec.number)
        return name or ""

    def name_remarks(self) -> list[str]:
        """What the preparer is told about subject names: those unknown (which code, which tables,
        where to give the name) and those taken from other documents of the year (to confirm)."""
        year = self.budget.year
        remarks = []
        for code, found_in in self.unnamed.items():
            where = f"表{'、'.join(found_in)}" if found_in else "正文"
            remarks.append(
                f"科目 {code} 没有名称（{where}中名称空缺）：预算未给出，{year} 年科目表和相近年度的公开文件中也没有；"
                f'请在预算源的 subject_names 中写明（如 subject_names: {{"{code}": 科目名称}}），'
                f"或用 yusuan reference import 导入 {year} 年科目表"
            )
        named = [
            (code, found) for code in self.borrowed if (found := self.figures.printed_name(code)) is not None
        ]
        for printed_year in sorted({found_year for _, (found_year, _) in named}):
            these = [(code, entry) for code, (found_year, entry) in named if found_year == printed_year]
            numbers = dict.fromkeys(n for code, _ in these for n in self.borrowed[code])
            where = f"表{'、'.join(numbers)}" if numbers else "正文"
            names = "、".join(f"{code}“{entry.name}”" for code, entry in these)
            files = (entry.source.removeprefix(CORPUS_SOURCE).split(" 第")[0] for _, entry in these)
            remarks.append(
                f"科目 {names}（{where}）的名称预算和 {year} 年科目表中都没有，取自 {printed_year} 年"
                f"公开文件印出的名称（{'、'.join(dict.fromkeys(files))}）：请核对，"
                "不同的请在预算源的 subject_names 中写明"
            )
        return remarks

    def empty_note(self, spec: TableSpec) -> str | None:
        if spec.part is not None:
            state = self.budget.part_state(spec.part)
            declared = self.budget.none_this_year
            note = getattr(declared, spec.part, None) if declared is not None else None
            if state is PartState.NONE and note:
                return str(note)
            if state is PartState.UNDECLARED:
                self.remarks.append(
                    f"表{spec.number}“{self.fill(spec.title)}”为空，但预算未声明本年无此项（none_this_year）"
                )
        return self.fill(spec.empty_note) if spec.empty_note else None

    # ---------------------------------------------------------------- tables
    def table(self, spec: TableSpec) -> Table:
        builder = _TableBuilder(self, spec)
        kind = spec.kind
        if kind == "by_function":
            return self._by_function(builder)
        if kind == "by_economic":
            return self._by_economic(builder)
        if kind == "summary":
            return self._summary(builder)
        if kind == "projects":
            return self._projects(builder)
        if kind == "sangong":
            return self._sangong(builder)
        if kind == "operating":
            return self._operating(builder)
        if kind == "income_list":
            return self._income_list(builder)
        if kind == "totals":
            return self._totals(builder)
        return self._procurement(builder)

    def _by_function(self, t: _TableBuilder) -> Table:
        cube = self.figures.cube
        spec = t.spec
        if spec.rows == "items":
            codes = cube.codes(7, t.sources)
        elif spec.rows == "classes":
            codes = cube.codes(3, t.sources)
        else:
            codes = sorted(
                {
                    *cube.codes(3, t.sources),
                    *cube.codes(5, t.sources),
                    *cube.codes(7, t.sources),
                }
            )
        t.subject_rows(cube, codes, {})
        return t.finish(cube)

    def _by_economic(self, t: _TableBuilder) -> Table:
        cube = self.figures.economic
        listed = sorted({e.code for e in cube.select(sources=t.sources)})
        classes = sorted({code[:3] for code in listed})
        for cls in classes:
            children = [code for code in listed if len(code) == 5 and code.startswith(cls)]
            if t.spec.rows == "hierarchy" or not children:
                t.subject_rows(cube, [cls], {}, leaf_length=5 if children else 3)
            if t.spec.rows in ("hierarchy", "items"):
                t.subject_rows(cube, children, {}, leaf_length=5)
                if children and cls in listed:
                    # The part of the class not itemised to 款, as its own row.
                    remainder = Cube(e for e in cube.entries if e.code == cls)
                    t.subject_rows(remainder, [cls], {cls: self._economic_line_name(cls)}, leaf_length=3)
                    t.rows[-1].level = 2
        return t.finish(cube)

    def _economic_line_name(self, code: str) -> str:
        for line in self.budget.basic_economic:
            if line.code == code:
                return line.name
        return ""

    def _projects(self, t: _TableBuilder) -> Table:
        cube = self.figures.cube
        for index, project in enumerate(self.budget.projects):
            if project.source not in t.sources:
                continue
            cells = []
            for column in t.spec.columns:
                if column.key in CODE_KEYS:
                    cells.append(t.code_cell(column.key, project.subject))
                elif column.key == "name":
                    cells.append(Cell(text=self.name_of(project.subject, t.spec)))
                elif column.key == "project":
                    cells.append(Cell(text=project.name))
                elif column.measure is not None:
                    cells.append(
                        t.money(
                            project.amount,
                            Provenance(table=t.spec.key, path=f"projects[{index}].amount"),
                        )
                    )
                else:
                    cells.append(Cell())
            t.rows.append(Row(kind="item", level=3, code=project.subject, cells=cells))
        project_cube = Cube(e for e in cube.entries if e.kind == "project")
        return t.finish(project_cube)

    def _income_cell(self, t: _TableBuilder, item: IncomeItem) -> Cell:
        """The figure of one income item: a sum over sources, or a 其中 figure."""
        if item.sources is None:
            return Cell()
        sources = select_sources(item.sources) & t.sources
        if item.of_which is not None:
            value = sum(
                (e.of_which.get(item.of_which, ZERO) for e in self.budget.income if e.source in sources), ZERO
            )
            return t.money(value, Provenance(table=t.spec.key, path=f"income[].of_which.{item.of_which}"))
        return t.sum_cell(self.figures.cube.select(sources=sources), f"资金来源 {item.sources} 合计")

    def _sum_cell(self, t: _TableBuilder, selector: str | None, kinds: list[str] | None, what: str) -> Cell:
        if selector is None:
            return Cell()
        return t.sum_cell(
            self.figures.cube.select(sources=select_sources(selector) & t.sources, kinds=kinds), what
        )

    def _summary(self, t: _TableBuilder) -> Table:
        spec = t.spec
        cube = self.figures.cube
        income_rows = [(item.label, self._income_cell(t, item)) for item in spec.income]
        listed: set[Source] = set()
        for item in spec.income:
            if item.sources is not None and item.of_which is None:
                listed |= select_sources(item.sources)
        unlisted = sorted(
            {e.source for e in cube.select(sources=t.sources) if e.amount != 0} - listed,
            key=list(Source).index,
        )
        if spec.income and unlisted:
            labels = "、".join(source.label for source in unlisted)
            self.remarks.append(
                f"表{spec.number}“{self.fill(spec.title)}”的收入栏没有“{labels}”一行：其金额只计入合计"
            )
        class_rows = self._class_rows(t) if spec.classes != "none" else []
        use_rows = []
        if spec.uses:
            use_rows = [
                ("一、基本支出", self._sum_cell(t, "all", ["basic"], "基本支出合计")),
                ("二、项目支出", self._sum_cell(t, "all", ["project"], "项目支出合计")),
            ]
        for index in range(max(len(income_rows), len(class_rows), len(use_rows))):
            income = income_rows[index] if index < len(income_rows) else None
            klass = class_rows[index] if index < len(class_rows) else None
            use = use_rows[index] if index < len(use_rows) else None
            cells = []
            for column in spec.columns:
                side, _, what = column.key.partition(".")
                pair = income if side == "income" else use if side == "uses" else None
                if side in ("income", "uses"):
                    cells.append(
                        Cell() if pair is None else Cell(text=pair[0]) if what == "label" else pair[1]
                    )
                elif klass is None:
                    cells.append(Cell())
                elif what == "label":
                    cells.append(Cell(text=klass[1]))
                else:
                    cells.append(t.measure(cube, column, klass[0], f"功能分类 {klass[0]} 类合计"))
            t.rows.append(
                Row(kind="item", level=1 if klass else None, code=klass[0] if klass else None, cells=cells)
            )
        for total in spec.totals:
            cells = []
            expenditure_labelled = False
            for column in spec.columns:
                side, _, what = column.key.partition(".")
                if side == "income":
                    text = total.income if what == "label" else None
                    cells.append(
                        Cell(text=text)
                        if text is not None
                        else self._sum_cell(t, total.sources, None, total.income)
                    )
                elif what == "label" and not expenditure_labelled:
                    cells.append(Cell(text=total.expenditure))
                    expenditure_labelled = True
                elif what == "label" or total.expenditure_selector is None:
                    cells.append(Cell())
                elif spec.uses and side == "expenditure":
                    cells.append(Cell())  # with a 支出用途 block the total stands in its column only
                else:
                    selected = select_sources(total.expenditure_selector)
                    cells.append(t.measure(cube, column, None, total.expenditure, sources=selected))
            t.rows.append(Row(kind="total", cells=cells))
        return t.finish(None)

    def _income_list(self, t: _TableBuilder) -> Table:
        for item in t.spec.income:
            values = {
                "group": Cell(text=item.group or ""),
                "label": Cell(text=item.label),
                "amount": self._income_cell(t, item),
            }
            kind: RowKind = "total" if item.sources == "all" and item.of_which is None else "item"
            t.rows.append(Row(kind=kind, cells=[values.get(c.key, Cell()) for c in t.spec.columns]))
        keys = [c.key for c in t.spec.columns]
        if "group" in keys:
            _merge_down(t.rows, keys.index("group"))
        return t.finish(None)

    def _totals(self, t: _TableBuilder) -> Table:
        cells = [
            t.measure(self.figures.cube, column, None, "全部支出合计")
            if column.measure is not None
            else Cell()
            for column in t.spec.columns
        ]
        t.rows.append(Row(kind="item", cells=cells))
        return t.finish(None)

    def _class_rows(self, t: _TableBuilder) -> list[tuple[str, str]]:
        spec = t.spec
        used = self.figures.cube.codes(3, t.sources)
        if spec.classes == "all":
            listed = function_classes(self.budget.year)
            if listed:
                codes = [(entry.code, entry.name) for entry in listed]
                missing = [c for c in used if c not in {code for code, _ in codes}]
                codes += [(c, self.name_of(c, spec)) for c in missing]
                codes.sort()
            else:
                self.remarks.append(
                    f"表{spec.number}“{self.fill(spec.title)}”应列出全部功能分类类级科目，"
                    f"但没有 {self.budget.year} 年的科目表：只列出了有金额的类（可用 yusuan reference import 导入）"
                )
                codes = [(c, self.name_of(c, spec)) for c in used]
        else:
            codes = [(c, self.name_of(c, spec)) for c in used]
        rows = []
        for index, (code, name) in enumerate(codes, start=1):
            label = f"{chinese_number(index)}、{name}" if spec.class_label == "ordinal" else f"{code} {name}"
            rows.append((code, label))
        return rows

    def _sangong(self, t: _TableBuilder) -> Table:
        s = self.budget.sangong
        if s is None:
            self.remarks.append(
                f"表{t.spec.number}“{self.fill(t.spec.title)}”：预算中没有“三公”经费（sangong）"
            )
            return t.finish(None)
        figures = self.figures
        current = {
            "total": figures.sangong_total,
            "overseas": s.overseas.amount,
            "vehicles": figures.sangong_vehicles,
            "vehicle_purchase": s.vehicle_purchase.amount,
            "vehicle_running": s.vehicle_running.amount,
            "reception": s.reception.amount,
            "meeting": s.meeting.amount if s.meeting else None,
            "training": s.training.amount if s.training else None,
            "operating": self.budget.operating_expenses.amount if self.budget.operating_expenses else None,
        }
        vp, vr = s.vehicle_purchase.prior, s.vehicle_running.prior
        prior = {
            "total": figures.sangong_prior,
            "overseas": s.overseas.prior,
            "vehicles": None if vp is None or vr is None else vp + vr,
            "vehicle_purchase": vp,
            "vehicle_running": vr,
            "reception": s.reception.prior,
            "meeting": s.meeting.prior if s.meeting else None,
            "training": s.training.prior if s.training else None,
            "operating": self.budget.operating_expenses.prior if self.budget.operating_expenses else None,
        }
        if "current.meeting" in {c.key for c in t.spec.columns}:
            # Layouts that print 会议费/培训费 beside "三公" add them to the table's total.
            extra = sum(
                (v for k, v in current.items() if k in ("meeting", "training") and v is not None),
                ZERO,
            )
            current["grand_total"] = (figures.sangong_total or ZERO) + extra
        cells = []
        for column in t.spec.columns:
            period, _, item = column.key.partition(".")
            values = current if period == "current" else prior
            path = "sangong" if item not in ("operating",) else "operating_expenses"
            cells.append(
                t.money(
                    values.get(item),
                    Provenance(table=t.spec.key, path=f"{path}.{item}"),
                )
            )
        t.rows.append(Row(kind="item", cells=cells))
        return t.finish(None)

    def _operating(self, t: _TableBuilder) -> Table:
        ops = self.budget.operating_expenses
        if ops is None or not ops.lines:
            self.remarks.append(
                f"表{t.spec.number}“{self.fill(t.spec.title)}”：预算未给出机关运行经费的经济分类明细"
            )
            return t.finish(None)
        entries = [
            Entry(
                line.code,
                Source.GENERAL,
                "total",
                line.amount,
                f"operating_expenses.lines[{i}]",
            )
            for i, line in enumerate(ops.lines)
        ]
        cube = Cube(entries)
        names = {line.code: line.name for line in ops.lines}
        codes = sorted({*(code[:3] for code in names), *names})
        t.subject_rows(cube, codes, names, leaf_length=5)
        return t.finish(cube)

    def _procurement(self, t: _TableBuilder) -> Table:
        p = self.budget.procurement
        if p is None:
            self.remarks.append(
                f"表{t.spec.number}“{self.fill(t.spec.title)}”：预算中没有政府采购（procurement）"
            )
            return t.finish(None)
        entries = []
        for number, (category, amount, letter) in enumerate(
            (("货物", p.goods, "A"), ("工程", p.works, "B"), ("服务", p.services, "C")),
            start=1,
        ):
            entries.append(Entry("", Source.GENERAL, "total", amount, f"procurement.{category}"))
            label = f"{chinese_number(number)}、{category} {letter}"
            values = {"total": t.money(amount, Provenance(table=t.spec.key, path=f"procurement.{category}"))}
            t.rows.append(t.label_row(label, values, kind="subtotal"))
            for index, item in enumerate(p.items):
                if item.category != category:
                    continue
                cells = []
                for column in t.spec.columns:
                    value = {
                        "project": item.project,
                        "economic": item.economic,
                        "name": item.name,
                        "method": item.method,
                    }.get(column.key)
                    if column.measure is not None:
                        cells.append(
                            t.money(
                                item.amount,
                                Provenance(table=t.spec.key, path=f"procurement.items[{index}]"),
                            )
                        )
                    else:
                        cells.append(Cell(text=value or ""))
                t.rows.append(Row(kind="item", cells=cells))
        return t.finish(Cube(entries))

    # ---------------------------------------------------------------- the rest
    def sections(self, specs: list[SectionSpec]) -> list[Section]:
        return [
            Section(
                key=s.key,
                number=s.number,
                title=self.fill(s.title),
                subsections=self.sections(s.subsections),
            )
            for s in specs
        ]

    def project_notes(self) -> list[ProjectNote]:
        """The projects as the text describes them, so the checker sees them as in a read document
        (none where the layout has no section that describes them)."""
        from yusuan.narrative.context import period_text

        stack = list(self.profile.sections)
        keys: set[str] = set()
        while stack:
            spec = stack.pop()
            keys.add(spec.key)
            stack += spec.subsections
        if not keys & {"projects", "project_notes"}:
            return []

        return [
            ProjectNote(
                number=index,
                name=project.name,
                basis=project.basis,
                amount=project.amount,
                owner=project.owner,
                allocations=[(a.item, a.amount) for a in project.allocations],
                allocations_text="、".join(
                    f"{a.item}{format_amount(a.amount)}万元" for a in project.allocations
                )
                or None,
                period=period_text(project.period) or None,
                provenance=Provenance(path=f"projects[{index - 1}]"),
            )
            for index, project in enumerate(self.budget.projects, start=1)
        ]

    def write_text(self, tables: list[Table], sections: list[Section]) -> None:
        """Fill the sections' paragraphs from the narrative templates."""
        from yusuan.narrative.context import NarrativeContext
        from yusuan.narrative.render import NarrativeWriter

        titles = {table.key: table.title for table in tables}
        context = NarrativeContext(self.figures, self.profile.scope, lambda code: self.name_of(code), titles)
        writer = NarrativeWriter(self.profile.templates or self.profile.id, context, self.templates_dir)
        writer.fill(sections)
        self.remarks += context.remarks
        self.remarks += [
            f"“{section.heading}”没有可用的文字模板，这一部分未写入文件；要写它，请在 --templates 文件夹中"
            f"放 {self.profile.templates or self.profile.id}/{section.key}.j2 或 {section.key}.j2（见 docs/templates.md）"
            for section in writer.missing
        ]

    def performance(self) -> list[PerformanceTable]:
        b = self.budget
        tables = []
        if b.performance is not None:
            perf = b.performance
            fiscal = self.figures.fiscal
            fields = {
                "单位名称": Cell(text=b.unit.name),
                "单位联系人": Cell(text=perf.contact or ""),
                "联系电话": Cell(text=perf.phone or ""),
                "上级安排": Cell(
                    text=format_amount(perf.superior_funds),
                    value=perf.superior_funds,
                    provenance=Provenance(path="performance.superior_funds"),
                ),
                "本级安排": Cell(
                    text=format_amount(fiscal - perf.superior_funds),
                    value=fiscal - perf.superior_funds,
                    provenance=Provenance(derivation="财政拨款合计 - 上级安排"),
                ),
                "其他资金": Cell(
                    text=format_amount(self.figures.total - fiscal),
                    value=self.figures.total - fiscal,
                    provenance=Provenance(derivation="收入合计 - 财政拨款"),
                ),
            }
            tables.append(
                PerformanceTable(
                    key="unit",
                    title=f"{self.profile.scope}整体绩效目标表",
                    fields=fields,
                    goal=perf.goal,
                    indicators=_indicator_rows(perf.indicators),
                )
            )
        for index, project in enumerate(b.projects):
            perf_p = b.project_performance.get(project.name)
            if perf_p is None:
                continue
            fiscal_part = project.amount if project.source.is_fiscal else ZERO
            fields = {
                "预算单位": Cell(text=b.unit.name),
                "项目名称": Cell(text=project.name),
                "项目负责人": Cell(text=perf_p.manager or ""),
                "年度预算总额": Cell(
                    text=format_amount(project.amount),
                    value=project.amount,
                    provenance=Provenance(path=f"projects[{index}].amount"),
                ),
                "其中：财政拨款": Cell(
                    text=format_amount(fiscal_part),
                    value=fiscal_part,
                    provenance=Provenance(path=f"projects[{index}].amount"),
                ),
                "其他资金": Cell(
                    text=format_amount(project.amount - fiscal_part),
                    value=project.amount - fiscal_part,
                    provenance=Provenance(path=f"projects[{index}].amount"),
                ),
            }
            tables.append(
                PerformanceTable(
                    key=f"project:{project.name}",
                    title="项目支出绩效目标表",
                    project=project.name,
                    fields=fields,
                    goal=perf_p.goal,
                    indicators=_indicator_rows(perf_p.indicators),
                )
            )
        return tables

    def charts(self) -> list[Chart]:
        """图解: composition by function class, basic vs project, personnel vs public, year on year."""
        f = self.figures
        charts = []
        classes = f.cube.codes(3)
        if classes:
            names = [self.name_of(code) or code for code in classes]
            values = [f.cube.total(prefix=code) for code in classes]
            parts = "；".join(
                f"{name} {format_amount(v)}万元（{format_amount(f.share(v) or ZERO)}%）"
                for name, v in zip(names, values, strict=True)
            )
            charts.append(
                Chart(
                    key="by_class",
                    title="支出按功能分类构成",
                    kind="bar",
                    categories=names,
                    series=[ChartSeries(label="本年预算", values=values)],
                    alt=f"{self.budget.year}年支出预算{format_amount(f.total)}万元，按功能分类：{parts}。",
                )
            )
        for key, title, pairs in (
            ("basic_project", "基本支出与项目支出", (("基本支出", f.basic), ("项目支出", f.project))),
            ("personnel_public", "人员经费与公用经费", (("人员经费", f.personnel), ("公用经费", f.public))),
        ):
            whole = sum((v for _, v in pairs), ZERO)
            if whole == 0:
                continue
            words = "，".join(
                f"{label} {format_amount(v)}万元，占 {format_amount(percent(v, whole) or ZERO)}%"
                for label, v in pairs
            )
            charts.append(
                Chart(
                    key=key,
                    title=title,
                    kind="share",
                    categories=[label for label, _ in pairs],
                    series=[ChartSeries(label="本年预算", values=[v for _, v in pairs])],
                    alt=f"{title}：合计 {format_amount(whole)}万元，其中{words}。",
                )
            )
        rows = [
            ("支出合计", f.total_change),
            ("基本支出", f.basic_change),
            ("项目支出", f.project_change),
            ("“三公”经费", f.sangong_change),
            ("机关运行经费", f.operating_change),
        ]
        known = [(label, change) for label, change in rows if change is not None]
        if known:
            basis = self.budget.comparison.value
            words = "；".join(
                f"{label}本年 {format_amount(c.current)}万元，{basis} {format_amount(c.prior)}万元"
                for label, c in known
            )
            charts.append(
                Chart(
                    key="year_on_year",
                    title=f"本年预算与{basis}比较",
                    kind="compare",
                    categories=[label for label, _ in known],
                    series=[
                        ChartSeries(label=basis, values=[c.prior for _, c in known]),
                        ChartSeries(label="本年预算", values=[c.current for _, c in known]),
                    ],
                    alt=f"本年预算与{basis}比较（万元）：{words}。",
                )
            )
        return charts

    def build(self) -> Document:
        b = self.budget
        tables = [self.table(spec) for spec in self.profile.tables]
        profile_sections = self.sections(self.profile.profile_sections)
        sections = self.sections(self.profile.sections)
        self.write_text(tables, [*profile_sections, *sections])
        left_out: list[Section] = []
        profile_sections, sections = (
            without_empty(profile_sections, left_out),
            without_empty(sections, left_out),
        )
        said = " ".join(self.remarks)
        self.remarks += [
            f"“{section.heading}”没有可写的内容（见上），这一部分未写入文件"
            for section in left_out
            if f"“{section.heading}”" not in said
        ]
        self.remarks += self.name_remarks()
        document = Document(
            layout=self.profile.id,
            year=b.year,
            scope=self.profile.scope,
            unit_name=b.unit.name,
            title=self.fill(self.profile.document_title),
            profile=profile_sections,
            tables=tables,
            sections=sections,
            performance=self.performance(),
            charts=self.charts(),
            projects=self.project_notes(),
            glossary=[GlossaryEntry(term=t.term, definition=t.definition) for t in b.glossary],
            issuer=b.issuer.name if b.issuer else None,
            date=b.issuer.date if b.issuer else None,
            parts=[
                Part(key=p.key, heading=self.fill(p.heading) if p.heading else None)
                for p in self.profile.parts
            ],
            remarks=self.remarks,
        )
        document.parts = _renumber_parts(
            [part for part in document.parts if _has_content(document, part.key)]
        )
        document.contents = build_contents(
            document,
            self.profile.contents,
            {part.key: part.listed for part in self.profile.parts},
            {spec.key: self.fill(spec.title) for spec in self.profile.tables},
        )
        return document


def _merge_down(rows: list[Row], column: int) -> None:
    """Merge a category's cell down over the empty cells of its items below it (一般公共预算资金 over
    小计, 公共财政拨款(补助)资金 and 专项收入), as the published tables print it."""
    start: int | None = None
    for index, row in enumerate(rows):
        cell = row.cells[column]
        if cell.text:
            start = index if row.kind == "item" else None
        elif start is not None and row.kind == "item":
            rows[start].cells[column].rows += 1
            cell.rows = 0
        else:
            start = None


def _indicator_rows(indicators: Indicators) -> list[IndicatorRow]:
    return [
        IndicatorRow(
            level1=l1,
            level2=l2,
            name=i.name,
            target=i.target,
            basis=i.basis,
            prior=i.prior,
            weight=i.weight,
            scoring=i.scoring,
            evidence=i.evidence,
        )
        for l1, l2, i in iter_indicators(indicators)
    ]


def build_document(
    budget: Budget,
    profile: LayoutProfile,
    figures: Figures | None = None,
    templates_dir: Path | None = None,
) -> Document:
    """The disclosure document of ``budget`` laid out as ``profile`` prescribes.

    ``templates_dir`` holds the user's own narrative templates, found before the shipped ones.
    """
    return DocumentBuilder(budget, profile, figures, templates_dir).build()


def without_empty(sections: list[Section], left_out: list[Section] | None = None) -> list[Section]:
    """The sections that have something to say: a heading with neither text nor subsections under
    it is left out (added to ``left_out``, numbered as the layout numbers it, for the remarks), and
    the rest of its siblings numbered on without a gap."""
    kept = []
    for section in sections:
        section.subsections = without_empty(section.subsections, left_out)
        if section.paragraphs or section.subsections:
            kept.append(section)
        elif left_out is not None:
            left_out.append(section.model_copy())
    if len(kept) < len(sections):
        _renumber(kept, [s.number for s in sections])
    return kept


def _renumber(kept: list[Section], numbers: list[str | None]) -> None:
    """Number ``kept`` 一、二、… (or （一）…, 1. …) where the layout numbered all the siblings
    in one such run; other numbering is left as it is."""
    for wrap in ("{}", "（{}）"):
        if numbers == [wrap.format(chinese_number(i)) for i in range(1, len(numbers) + 1)]:
            for index, section in enumerate(kept, start=1):
                section.number = wrap.format(chinese_number(index))
            return
    if numbers == [str(i) for i in range(1, len(numbers) + 1)]:
        for index, section in enumerate(kept, start=1):
            section.number = str(index)


_PART_NUMBER = re.compile(r"^第([一二三四五六七八九十]+)部分")


def _renumber_parts(parts: list[Part]) -> list[Part]:
    """Number the parts 第一部分, 第二部分, … without a gap where one is left out for want of content
    (a budget without performance targets prints no 第五部分 绩效目标, and 图解 follows as 第五部分)."""
    number = 0
    for part in parts:
        if part.heading and _PART_NUMBER.match(part.heading):
            number += 1
            part.heading = _PART_NUMBER.sub(f"第{chinese_number(number)}部分", part.heading, count=1)
    return parts


def _has_content(document: Document, key: str) -> bool:
    """Whether the part ``key`` has anything to print (a part without is left out, heading and all)."""
    if key.startswith("section:"):
        return any(section.key == key.partition(":")[2] for section in document.sections)
    content: dict[str, object] = {
        "profile": document.profile,
        "tables": document.tables,
        "sections": document.sections,
        "performance": document.performance,
        "charts": document.charts,
        "glossary": document.glossary,
    }
    return bool(content.get(key, True))
