"""Performance target tables (绩效目标表) as they come out of published documents.

The header fields (项目名称, 项目负责人, 年度预算总额 …) are label/value pairs in any order; the
indicator grid's 一级/二级 cells are merged over several rows, which conversions print once and
leave blank below (blank = same as above). Conversions also shift a row by one cell or break a
cell's text over two rows; both are repaired only where the repair is unambiguous (the weight
column must hold a number), and everything else is reported, never guessed.
"""

from __future__ import annotations

import re
from decimal import Decimal

from yusuan.model.document import Cell, IndicatorRow, PerformanceTable, is_whole_department
from yusuan.read.numbers import parse_figure
from yusuan.read.performance_tasks import task_totals
from yusuan.read.stream import TextCell
from yusuan.read.tables.grids import Found
from yusuan.text.spacing import squeeze

_FIELD_LABELS = (
    "预算单位",
    "单位名称",
    "项目名称",
    "项目负责人",
    "单位联系人",
    "联系电话",
    "年度预算总额",
    "其中：财政拨款",
    "财政拨款",
    "其他资金",
    "主管部门",
    "实施单位",
    "项目资金总额",
    "项目资金",
    "年度预算",
    "资金来源",
    "资金总额",
    "财政资金",
    "上级安排",
    "本级安排",
    # 部门整体支出绩效目标表: 年度预算安排 | 资金总额 / 基本支出 / 项目支出 / 其他资金
    "基本支出",
    "项目支出",
)
_GOAL_LABELS = ("项目总体目标", "年度绩效目标", "总体目标", "年度总体目标")
_COLUMNS = {
    "年度指标值": "target",
    "年度(项目)指标值": "target",
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "name",
    # 一级 | 二级 | 指标内容 | 指标值: the 部门整体支出绩效目标表 of Xi'an 2019–2022 (see _header_index)
    "指标内容": "name",
    "指标值": "target",
    "指标值设置依据": "basis",
    "指标值设定依据": "basis",
    "上年完成值": "prior",
    "指标分值权重": "weight",
    "分值权重": "weight",
    "指标赋分规则": "scoring",
    "佐证资料": "evidence",
}


def _field_name(text: str) -> str:
    label = squeeze(text).replace(":", "：").replace("(", "（").replace(")", "）")
    return label.rstrip("：").replace("（盖章）", "").replace("（万元）", "").replace("（元）", "")


def _fields(cells: list[TextCell]) -> tuple[dict[str, Cell], str]:
    """Label/value pairs before the indicator grid, read as one run of cells (a label's value is
    the next cell); the goal runs on until the next label."""
    cells = [c for c in cells if c.text.strip()]
    fields: dict[str, Cell] = {}
    goal_parts: list[str] = []
    index = 0
    while index < len(cells):
        label = _field_name(cells[index].text)
        inline = re.match(r"^(其他资金|年度预算总额|其中：财政拨款)：(.+)$", label)
        if inline:
            value = inline.group(2)
            fields[inline.group(1)] = Cell(
                text=value, value=_amount(value), provenance=cells[index].provenance
            )
            index += 1
        elif label in _GOAL_LABELS:
            index += 1
            while index < len(cells) and not _is_label(cells[index].text):
                goal_parts.append(cells[index].text.strip())
                index += 1
        elif _is_label(cells[index].text) and index + 1 < len(cells) and not _is_label(cells[index + 1].text):
            value_cell = cells[index + 1]
            fields[label.replace("其中：", "其中：")] = Cell(
                text=value_cell.text.strip(),
                value=_amount(value_cell.text),
                provenance=value_cell.provenance,
            )
            index += 2
        else:
            index += 1
    return fields, "".join(dict.fromkeys(goal_parts))


def _amount(text: str) -> Decimal | None:
    """A field's amount, with the unit printed after it ("34.25 万元", as web pages print it) or
    in the label ("年度预算总额（万元）")."""
    return parse_figure(re.sub(r"\s*万元\s*$", "", text))


def _is_label(text: str) -> bool:
    label = _field_name(text)
    return label in _GOAL_LABELS or any(
        label in (known, known.replace("其中：", "")) for known in _FIELD_LABELS
    )


def _distinct(row: list[TextCell]) -> list[TextCell]:
    """A row's cells with merged (repeated) cells once."""
    out: list[TextCell] = []
    for cell in row:
        if not out or cell.text != out[-1].text or not cell.text.strip():
            out.append(cell)
    return out


def _header_index(rows: list[list[TextCell]], title: str) -> int | None:
    """The indicator header: 一级指标 … 三级指标; in a whole-department table 指标内容 stands for
    三级指标. The project forms that print 指标内容 too (Xi'an 2019–2022 专项业务经费绩效目标表) are
    left unread: they name no 项目名称 a project could be paired by, and read they are paired with
    the wrong projects."""
    names = ("三级指标", "指标内容") if is_whole_department(title) else ("三级指标",)
    for index, row in enumerate(rows):
        texts = {squeeze(c.text) for c in row}
        if "一级指标" in texts and any(name in texts for name in names):
            return index
    return None


# The 二级 indicators of the national framework and the 一级 each belongs to (财预〔2020〕10号 and
# the project indicator system); 成本 is left out: older tables print it under 产出指标.
_LEVEL1_OF = {
    "数量": "产出指标",
    "质量": "产出指标",
    "时效": "产出指标",
    "经济效益": "效益指标",
    "社会效益": "效益指标",
    "生态效益": "效益指标",
    "可持续影响": "效益指标",
    "服务对象满意度": "满意度指标",
    "经济成本": "成本指标",
    "社会成本": "成本指标",
    "生态环境成本": "成本指标",
}


def _implied_level1(level2: str) -> str | None:
    """The 一级 a printed 二级 belongs to ("数量指标" → 产出指标), or None."""
    return _LEVEL1_OF.get(re.sub(r"指标$", "", squeeze(level2)))


def _continued(grids: list[list[list[TextCell]]], header: list[TextCell]) -> list[list[TextCell]]:
    """The grids' rows, a grid narrower than the header's fitted under it from the right: the table
    continued on the next page, whose merged 年度绩效指标 cell holds no text there and is not read
    as a column (xian/21 p.74: five cells under a six-column header, each value one column early).
    The header's merged cells ("三级指标" over two columns) are spread over their columns."""
    widths: list[int] = []
    for index, cell in enumerate(header):
        if index and cell.text.strip() and cell.text == header[index - 1].text:
            widths[-1] += 1
        else:
            widths.append(1)
    rows: list[list[TextCell]] = []
    for grid in grids:
        for row in grid:
            if 0 < len(row) <= len(widths) and len(row) < len(header):
                pad = TextCell("", row[0].provenance)
                fitted = [pad] * (len(widths) - len(row)) + row
                row = [cell for cell, width in zip(fitted, widths, strict=True) for _ in range(width)]
            rows.append(row)
    return rows


def read_performance(found: Found) -> tuple[PerformanceTable | None, list[str]]:
    """One performance table from its title and grids; problems say what could not be read."""
    rows = [row for grid in found.grids for row in grid.rows]
    where = f"{found.provenance.file or ''}（第{found.provenance.line or found.provenance.page}处）"
    header_at = _header_index(rows, found.title)
    if header_at is None:
        return None, [f"{where}“{found.title}”没有找到指标表头（一级指标、三级指标…），未读入"]
    # the grids after the one holding the header, narrower than it, are padded on the left
    before, grids = 0, [grid.rows for grid in found.grids]
    while before < len(grids) and header_at >= sum(len(g) for g in grids[: before + 1]):
        before += 1
    rows = [row for grid in grids[: before + 1] for row in grid] + _continued(
        grids[before + 1 :], rows[header_at]
    )
    noted = [TextCell(note, found.provenance) for note in found.notes]
    fields, goal = _fields(noted + [cell for row in rows[:header_at] for cell in _distinct(row)])
    for label, total in task_totals(rows[:header_at]).items():
        fields.setdefault(label, total)  # 部门整体支出绩效目标表: the tasks' 金额合计
    columns: dict[str, int] = {}
    for position, cell in enumerate(rows[header_at]):
        key = _COLUMNS.get(squeeze(cell.text))
        if key and key not in columns:
            columns[key] = position
    problems: list[str] = []
    indicators: list[IndicatorRow] = []
    level1 = level2 = ""
    weight_at = columns.get("weight")
    for row in rows[header_at + 1 :]:
        texts = [c.text.strip() for c in row]
        if not any(texts) or all(re.fullmatch(r"-+", t or "-") for t in texts):
            continue
        if any(re.fullmatch(r"(分值)?合计", squeeze(t)) for t in texts):
            continue  # the weights' total line some layouts print under the indicators
        # A row shifted one cell right by the conversion: the weight sits one column late.
        if (
            weight_at is not None
            and len(texts) > weight_at + 1
            and texts[0] == ""
            and parse_figure(texts[weight_at]) is None
            and parse_figure(texts[weight_at + 1]) is not None
        ):
            texts = texts[1:]

        def get(key: str, texts: list[str] = texts) -> str:
            position = columns.get(key)
            return texts[position] if position is not None and position < len(texts) else ""

        weight = parse_figure(get("weight"))
        target = get("target")
        if weight is None and weight_at is not None:
            fragment = not target or re.fullmatch(r"[%％]|万元|元|个|次|批次|人|年|套", target)
            if indicators and fragment and any(texts):
                # The rest of a cell broken over two rows: join it to the row above.
                last = indicators[-1]
                indicators[-1] = last.model_copy(
                    update={
                        "name": last.name + get("name"),
                        "target": last.target if last.target.endswith(target) else last.target + target,
                        "scoring": (last.scoring or "") + get("scoring") or None,
                        "evidence": (last.evidence or "") + get("evidence") or None,
                        "level1": last.level1 + (get("level1") if get("level1") not in last.level1 else ""),
                        "level2": last.level2 + (get("level2") if get("level2") not in last.level2 else ""),
                    }
                )
                level1, level2 = indicators[-1].level1, indicators[-1].level2
                continue
            problems.append(
                f"{where}“{found.title}”一行指标没有可读的分值权重，未读入：{' | '.join(t for t in texts if t)}"
            )
            continue
        name = get("name")
        if not name and target:
            # The 三级 name printed in a level column (merged cells lost in conversion): the last
            # text before the target is the name; the levels are those above.
            leading = [t for t in texts[: columns.get("target", 0)] if t]
            name = leading[-1] if leading else ""
        else:
            level1 = get("level1") or level1
            level2 = get("level2") or level2
            if not get("level1") and get("level2"):
                # a blank 一级 cell whose text was lost at a page break (a merged cell cut by the
                # page's edge, xian/21 p.73 产出指标): the printed 二级 tells the 一级 it is under
                level1 = _implied_level1(level2) or level1
        prior = get("prior")
        indicators.append(
            IndicatorRow(
                level1=level1,
                level2=level2,
                name=name,
                target=target,
                basis=get("basis") or None,
                prior=None if prior in ("", "-", "—") else prior,
                weight=weight,
                scoring=get("scoring") or None,
                evidence=get("evidence") or None,
            )
        )
    # A merged 一级 cell drawn as separate cells prints its text in a middle row: the rows above it
    # that have none belong to it (产出指标 printed beside 质量指标, above it 数量指标).
    for index, indicator in enumerate(indicators):
        if not indicator.level1:
            below = next((r.level1 for r in indicators[index + 1 :] if r.level1), "")
            if below and all(not r.level1 for r in indicators[:index]):
                indicators[index] = indicator.model_copy(update={"level1": below})
    # The same of a merged 二级 cell at the top of the grid (xian/12 p.32: 数量指标 printed on the
    # third of its rows): the rows above it, under the same 一级, belong to it.
    top = next((i for i, r in enumerate(indicators) if r.level2), 0)
    for index in range(top):
        indicator, first = indicators[index], indicators[top]
        if indicator.level1 and first.level1 == indicator.level1:
            indicators[index] = indicator.model_copy(update={"level2": first.level2})
    project = fields.get("项目名称")
    table = PerformanceTable(
        key=f"project:{project.text}" if project else "unit",
        title=squeeze(found.title),
        project=project.text if project else None,
        fields=fields,
        goal=goal,
        indicators=indicators,
    )
    return table, problems
