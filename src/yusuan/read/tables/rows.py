"""A grid's rows as a table's rows: cells, codes, totals and subtotals."""

from __future__ import annotations

import re
from decimal import Decimal

from yusuan.layout.profile import TableSpec
from yusuan.model.codes import join_code_parts
from yusuan.model.document import Cell, Provenance, Row, RowKind
from yusuan.read.numbers import looks_numeric, parse_figure
from yusuan.read.stream import TextCell
from yusuan.read.tables.columns import is_text_column
from yusuan.read.tables.titles import QUOTES
from yusuan.text.spacing import squeeze

TOTAL = re.compile(r"(合\s*计|总\s*计|小\s*计)")


def code_of(cells: dict[str, str]) -> str | None:
    if cells.get("code"):
        match = re.fullmatch(r"\d{3}(\d{2}){0,2}", squeeze(cells["code"]))
        return match.group(0) if match else None
    whole = squeeze(cells.get("code.class", ""))
    parts_beside = [squeeze(cells.get(k, "")) for k in ("code.section", "code.item")]
    if re.fullmatch(r"\d{5}|\d{7}", whole) and not any(re.fullmatch(r"\d{1,2}", p) for p in parts_beside):
        # a layout that prints the whole code in one column (what stands beside it is no 款/项
        # part: Xi'an prints the government economic code 50101 beside the department's 30101)
        return whole
    parts = [squeeze(cells.get(key, "")) for key in ("code.class", "code.section", "code.item")]
    if parts[0] and re.fullmatch(r"\d{3}", parts[0]) and all(re.fullmatch(r"\d{0,2}", p) for p in parts[1:]):
        try:
            return join_code_parts(*(p for p in parts if p))
        except ValueError:
            return None
    return None


def _relative_code(cells: dict[str, str], above: list[Row]) -> str | None:
    """A 款 printed by its own two digits under its class ("208 社会保障和就业支出" then "05
    行政事业单位离退休", Xi'an 2019–2022): the class of the nearest coded row above, and the two."""
    digits = squeeze(cells.get("code", "") or cells.get("code.class", ""))
    if not re.fullmatch(r"\d{2}", digits) or cells.get("code.section") or cells.get("code.item"):
        return None
    parent = next((row.code for row in reversed(above) if row.code), None)
    return parent[:3] + digits if parent else None


def _label_code(text: str) -> str | None:
    """The code a label starts with: "2010301 行政运行", "[201]一般公共服务支出" (Zhuhai)."""
    match = re.match(r"^\s*(?:(\d{3}(?:\d{2}){0,2})\s|[\[【](\d{3}(?:\d{2}){0,2})[\]】])", text)
    return (match.group(1) or match.group(2)) if match else None


def build_rows(
    spec: TableSpec,
    mapping: list[int | None],
    rows: list[list[TextCell]],
    table_key: str,
    unit_name: str = "",
    before: list[Row] | None = None,
) -> tuple[list[Row], list[str]]:
    """The table's rows; a row without a code labelled 合计/总计/小计, or with the unit's own name
    (a table listing 预算单位 puts the department's own line, its total, first), is a total — unless
    the unit's own line is the only line beside the totals (a department with no other 预算单位):
    then it is the line the total adds up. ``before``: the rows read so far (earlier pages), whose
    last class completes a 款 printed by its own two digits."""
    built: list[Row] = []
    problems: list[str] = []
    own_rows: list[Row] = []
    for row in rows:
        cells: list[Cell] = []
        texts: dict[str, str] = {}
        for column, grid_index in zip(spec.columns, mapping, strict=True):
            source = row[grid_index] if grid_index is not None and grid_index < len(row) else None
            text = source.text.strip() if source else ""
            texts[column.key] = text
            provenance = source.provenance.model_copy(update={"table": table_key}) if source else None
            value = None
            if not is_text_column(column) and text and not (source and source.repeated):
                # a figure merged down over several rows belongs to its first row only
                value = parse_figure(text)
                if value is None and looks_numeric(text):
                    where = place(provenance)
                    problems.append(f"{where}表“{spec.title}”的“{column.title}”栏无法读作数字：“{text}”")
            cells.append(Cell(text=text, value=value, provenance=provenance))
        if not any(cell.text for cell in cells):
            continue
        _name_run_over(spec, mapping, cells, texts)
        joined = "".join(texts.values())
        code = (
            code_of(texts)
            or _relative_code(texts, [*(before or []), *built])
            or next(
                (_label_code(t) for k, t in texts.items() if k.endswith("label") and _label_code(t)), None
            )
        )
        if code is None and not texts.get("code") and (code := _label_code(texts.get("name", ""))):
            # "[201]一般公共服务支出": the code printed inside the name is the row's code, not its name
            index = [c.key for c in spec.columns].index("name")
            name = re.sub(r"^\s*[\[【]?\d{3,7}[\]】]?\s*", "", cells[index].text)
            cells[index] = cells[index].model_copy(update={"text": name})
        # the unit's own line: its name, and no other words read (湖州 表11 prints the unit's name
        # beside each of its projects: those are the projects' lines)
        words = [c.text for c, col in zip(cells, spec.columns, strict=True) if c.text and is_text_column(col)]
        own = (
            bool(unit_name)
            and any(_is_own_name(c.text, unit_name) for c in row)
            and all(_is_own_name(w, unit_name) or looks_numeric(w) for w in words)
        )
        # the profile's own word for the total ("“三公”经费" heading Zhuhai's vertical 三公 list)
        labelled = bool(first := next((c.text for c in cells if c.text), "")) and (
            squeeze(first).translate(QUOTES) == squeeze(spec.total_label).translate(QUOTES)
        )
        total = TOTAL.search(squeeze(joined)) or own or labelled
        kind: RowKind = "total" if total and not code else "item"
        level = {3: 1, 5: 2, 7: 3}.get(len(code)) if code else None
        previous = built[-1] if built else None
        if previous is not None and _same_line_again(previous, code, cells):
            if any(c.value is not None for c in cells):
                built[-1] = Row(kind=kind, level=level, code=code, cells=cells)
            continue
        built.append(Row(kind=kind, level=level, code=code, cells=cells))
        if own and not code and not TOTAL.search(squeeze(joined)):
            own_rows.append(built[-1])
    if own_rows and all(line.kind == "total" for line in built) and len(built) > len(own_rows):
        for line in own_rows:
            line.kind = "item"
    mark_subtotals(built, spec)
    return built, problems


_RUN_OVER = re.compile(r"([\u4e00-\u9fff]+)\s*([-−]?[\d,]+(?:\.\d+)?)")


def _name_run_over(
    spec: TableSpec, mapping: list[int | None], cells: list[Cell], texts: dict[str, str]
) -> None:
    """A long name printed over into the figure cell beside it ("机关事业单位职业年金" | "缴费支出43608.96",
    xian/12 表5): the words go back to the name, the figure stays."""
    keys = [c.key for c in spec.columns]
    if "name" not in keys or mapping[keys.index("name")] is None:
        return
    name = keys.index("name")
    grid_name = mapping[name]
    assert grid_name is not None
    for position, column in enumerate(spec.columns):
        cell = cells[position]
        if (
            mapping[position] != grid_name + 1
            or is_text_column(column)
            or cell.value is not None
            or not (match := _RUN_OVER.fullmatch(cell.text))
            or (value := parse_figure(match.group(2))) is None
        ):
            continue
        cells[name] = cells[name].model_copy(update={"text": cells[name].text + match.group(1)})
        cells[position] = cell.model_copy(update={"text": match.group(2), "value": value})
        texts["name"] += match.group(1)
        texts[column.key] = match.group(2)


def unlabelled_total(rows: list[Row]) -> None:
    """A first line of figures with no words, in a table with no total line whose other lines all
    have words, is the total with its 合计 not printed when its figure is the sum of the lines under
    it (湖州 表11: "171,462.41" above the projects)."""
    if not rows or any(row.kind == "total" for row in rows):
        return
    top = rows[0]
    if top.code or any(cell.text and cell.value is None for cell in top.cells):
        return
    index = next((i for i, cell in enumerate(top.cells) if cell.value is not None), None)
    if index is None or len(rows) < 3:
        return
    if not all(any(cell.text and cell.value is None for cell in row.cells) for row in rows[1:]):
        return  # the lines under it are not all labelled: the table's words were not read
    below = [v for row in rows[1:] if index < len(row.cells) and (v := row.cells[index].value) is not None]
    total = top.cells[index].value
    assert total is not None
    exponent = total.as_tuple().exponent
    half = Decimal(5).scaleb((exponent if isinstance(exponent, int) else 0) - 1)
    if abs(total - sum(below, Decimal(0))) <= half * len(below):  # the parts' rounding (尾差) allowed
        top.kind = "total"


def unit_blocks(rows: list[Row]) -> list[Row]:
    """The lines of the 预算单位 of a table that lists its subjects unit by unit ("125001
    西安市安全生产监督管理局 2,080.32 …", then its classes, 款 and 项; then the next unit): lines
    with figures but no subject code and no 合计, each followed by subject rows, where a code
    comes back under a later unit. Its subject rows are per unit, which no rule can add up by code:
    the reader keeps the units' lines and the totals. [] for a table of one list of subjects."""
    heads = [
        index
        for index, row in enumerate(rows)
        if row.code is None
        and not TOTAL.search(squeeze("".join(c.text for c in row.cells)))
        and any(c.value is not None for c in row.cells)
        and index + 1 < len(rows)
        and rows[index + 1].code is not None
    ]
    if len(heads) < 2:
        return []
    blocks = [
        [row.code for row in rows[start:end] if row.code]
        for start, end in zip(heads, [*heads[1:], len(rows)], strict=True)
    ]
    seen: set[str] = set()
    for codes in blocks:
        if seen & set(codes):
            return [rows[index] for index in heads]
        seen |= set(codes)
    return []


def _is_own_name(text: str, unit_name: str) -> bool:
    """The unit's own name, or its own level ("深圳市医疗保障局（本级）" of 深圳市医疗保障局)."""
    name, own = squeeze(unit_name), squeeze(text).replace("(", "（").replace(")", "）")
    return own in (name, f"{name}（本级）", f"{name}本级")


def _same_line_again(previous: Row, code: str | None, cells: list[Cell]) -> bool:
    """A row printed once and read as several lines (a tall cell): the same code and words, and
    figures in at most one of them."""
    if code is None or previous.code != code:
        return False
    words = [c.text for c in cells if c.value is None]
    before = [c.text for c in previous.cells if c.value is None]
    figures_now = any(c.value is not None for c in cells)
    figures_before = any(c.value is not None for c in previous.cells)
    return [w for w in words if w] == [w for w in before if w] and not (figures_now and figures_before)


def mark_subtotals(rows: list[Row], spec: TableSpec) -> None:
    """A 类 or 款 row with deeper rows under it is a subtotal, as the builder marks it."""
    parents = {row.code[:end] for row in rows if row.code for end in range(1, len(row.code))}
    for row in rows:
        if row.code and row.kind == "item" and row.code in parents:
            row.kind = "subtotal"


def place(provenance: Provenance | None) -> str:
    """The place a problem message opens with: ``budget.pdf 第3页：``."""
    return "" if provenance is None else provenance.describe() + "："
