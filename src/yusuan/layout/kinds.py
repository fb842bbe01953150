"""The table builders, one for each table kind of a layout profile (``TableSpec.kind``).

A builder fills a :class:`~yusuan.layout.table.TableBuilder`'s rows from the document's budget and
figures and returns the finished table; :data:`TABLE_KINDS` maps each kind to its builder.
"""

from __future__ import annotations

from collections.abc import Callable

from yusuan.compute.cube import Cube, Entry
from yusuan.layout.profile import IncomeItem, TableKind, select_sources
from yusuan.layout.table import DocumentContext, TableBuilder
from yusuan.model.document import CODE_KEYS, Cell, Row, RowKind, Table
from yusuan.model.money import ZERO
from yusuan.model.sources import Source
from yusuan.reference.catalog import function_classes
from yusuan.text.numerals import chinese_number


def _by_function(t: TableBuilder) -> Table:
    doc = t.doc
    cube = doc.figures.cube
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


def _by_economic(t: TableBuilder) -> Table:
    doc = t.doc
    cube = doc.figures.economic
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
                t.subject_rows(remainder, [cls], {cls: _economic_line_name(doc, cls)}, leaf_length=3)
                t.rows[-1].level = 2
    return t.finish(cube)


def _economic_line_name(doc: DocumentContext, code: str) -> str:
    for line in doc.budget.basic_economic:
        if line.code == code:
            return line.name
    return ""


def _projects(t: TableBuilder) -> Table:
    doc = t.doc
    cube = doc.figures.cube
    for index, project in enumerate(doc.budget.projects):
        if project.source not in t.sources:
            continue
        cells = []
        for column in t.spec.columns:
            if column.key in CODE_KEYS:
                cells.append(t.code_cell(column.key, project.subject))
            elif column.key == "name":
                cells.append(Cell(text=doc.name_of(project.subject, t.spec)))
            elif column.key == "project":
                cells.append(Cell(text=project.name))
            elif column.measure is not None:
                cells.append(t.money_at(project.amount, f"projects[{index}].amount"))
            else:
                cells.append(Cell())
        t.rows.append(Row(kind="item", level=3, code=project.subject, cells=cells))
    project_cube = Cube(e for e in cube.entries if e.kind == "project")
    return t.finish(project_cube)


def _income_cell(t: TableBuilder, item: IncomeItem) -> Cell:
    """The figure of one income item: a sum over sources, or a 其中 figure."""
    doc = t.doc
    if item.sources is None:
        return Cell()
    sources = select_sources(item.sources) & t.sources
    if item.of_which is not None:
        value = sum(
            (e.of_which.get(item.of_which, ZERO) for e in doc.budget.income if e.source in sources), ZERO
        )
        return t.money_at(value, f"income[].of_which.{item.of_which}")
    return t.sum_cell(doc.figures.cube.select(sources=sources), f"资金来源 {item.sources} 合计")


def _sum_cell(t: TableBuilder, selector: str | None, kinds: list[str] | None, what: str) -> Cell:
    doc = t.doc
    if selector is None:
        return Cell()
    return t.sum_cell(
        doc.figures.cube.select(sources=select_sources(selector) & t.sources, kinds=kinds), what
    )


def _summary(t: TableBuilder) -> Table:
    doc = t.doc
    spec = t.spec
    cube = doc.figures.cube
    income_rows = [(item.label, _income_cell(t, item)) for item in spec.income]
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
        doc.remarks.append(
            f"表{spec.number}“{doc.fill(spec.title)}”的收入栏没有“{labels}”一行：其金额只计入合计"
        )
    class_rows = _class_rows(t) if spec.classes != "none" else []
    use_rows = []
    if spec.uses:
        use_rows = [
            ("一、基本支出", _sum_cell(t, "all", ["basic"], "基本支出合计")),
            ("二、项目支出", _sum_cell(t, "all", ["project"], "项目支出合计")),
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
                cells.append(Cell() if pair is None else Cell(text=pair[0]) if what == "label" else pair[1])
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
                    Cell(text=text) if text is not None else _sum_cell(t, total.sources, None, total.income)
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


def _income_list(t: TableBuilder) -> Table:
    for item in t.spec.income:
        values = {
            "group": Cell(text=item.group or ""),
            "label": Cell(text=item.label),
            "amount": _income_cell(t, item),
        }
        kind: RowKind = "total" if item.sources == "all" and item.of_which is None else "item"
        t.rows.append(Row(kind=kind, cells=[values.get(c.key, Cell()) for c in t.spec.columns]))
    keys = [c.key for c in t.spec.columns]
    if "group" in keys:
        _merge_down(t.rows, keys.index("group"))
    return t.finish(None)


def _totals(t: TableBuilder) -> Table:
    doc = t.doc
    cells = [
        t.measure(doc.figures.cube, column, None, "全部支出合计") if column.measure is not None else Cell()
        for column in t.spec.columns
    ]
    t.rows.append(Row(kind="item", cells=cells))
    return t.finish(None)


def _class_rows(t: TableBuilder) -> list[tuple[str, str]]:
    doc = t.doc
    spec = t.spec
    used = doc.figures.cube.codes(3, t.sources)
    if spec.classes == "all":
        listed = function_classes(doc.budget.year)
        if listed:
            codes = [(entry.code, entry.name) for entry in listed]
            missing = [c for c in used if c not in {code for code, _ in codes}]
            codes += [(c, doc.name_of(c, spec)) for c in missing]
            codes.sort()
        else:
            doc.remarks.append(
                f"表{spec.number}“{doc.fill(spec.title)}”应列出全部功能分类类级科目，"
                f"但没有 {doc.budget.year} 年的科目表：只列出了有金额的类（可用 yusuan reference import 导入）"
            )
            codes = [(c, doc.name_of(c, spec)) for c in used]
    else:
        codes = [(c, doc.name_of(c, spec)) for c in used]
    rows = []
    for index, (code, name) in enumerate(codes, start=1):
        label = f"{chinese_number(index)}、{name}" if spec.class_label == "ordinal" else f"{code} {name}"
        rows.append((code, label))
    return rows


def _sangong(t: TableBuilder) -> Table:
    doc = t.doc
    s = doc.budget.sangong
    if s is None:
        return t.without("“三公”经费（sangong）")
    figures = doc.figures
    current = {
        "total": figures.sangong_total,
        "overseas": s.overseas.amount,
        "vehicles": figures.sangong_vehicles,
        "vehicle_purchase": s.vehicle_purchase.amount,
        "vehicle_running": s.vehicle_running.amount,
        "reception": s.reception.amount,
        "meeting": s.meeting.amount if s.meeting else None,
        "training": s.training.amount if s.training else None,
        "operating": doc.budget.operating_expenses.amount if doc.budget.operating_expenses else None,
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
        "operating": doc.budget.operating_expenses.prior if doc.budget.operating_expenses else None,
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
        cells.append(t.money_at(values.get(item), f"{path}.{item}"))
    t.rows.append(Row(kind="item", cells=cells))
    return t.finish(None)


def _operating(t: TableBuilder) -> Table:
    doc = t.doc
    ops = doc.budget.operating_expenses
    if ops is None or not ops.lines:
        doc.remarks.append(
            f"表{t.spec.number}“{doc.fill(t.spec.title)}”：预算未给出机关运行经费的经济分类明细"
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


def _procurement(t: TableBuilder) -> Table:
    doc = t.doc
    p = doc.budget.procurement
    if p is None:
        return t.without("政府采购（procurement）")
    entries = []
    for number, (category, amount, letter) in enumerate(
        (("货物", p.goods, "A"), ("工程", p.works, "B"), ("服务", p.services, "C")),
        start=1,
    ):
        entries.append(Entry("", Source.GENERAL, "total", amount, f"procurement.{category}"))
        label = f"{chinese_number(number)}、{category} {letter}"
        values = {"total": t.money_at(amount, f"procurement.{category}")}
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
                    cells.append(t.money_at(item.amount, f"procurement.items[{index}]"))
                else:
                    cells.append(Cell(text=value or ""))
            t.rows.append(Row(kind="item", cells=cells))
    return t.finish(Cube(entries))


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


TABLE_KINDS: dict[TableKind, Callable[[TableBuilder], Table]] = {
    "by_function": _by_function,
    "by_economic": _by_economic,
    "summary": _summary,
    "projects": _projects,
    "sangong": _sangong,
    "operating": _operating,
    "income_list": _income_list,
    "totals": _totals,
    "procurement": _procurement,
}
