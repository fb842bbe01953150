"""Classification codes and names: well-formed codes, one name per code, names as in the year's
catalogue (政府收支分类科目), and the 类/款 rows above every 项 a table itemises.

A code missing from the catalogue is reported only when the catalogue is complete (a Ministry
list the user imported); the shipped fragments never prove a code wrong. Names are compared after
normalising brackets and spaces (names broken over lines in read documents carry spaces).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from yusuan.check.context import CheckContext, table_name
from yusuan.check.finding import Hint, Location
from yusuan.check.match import norm_name
from yusuan.check.places import sentence_at
from yusuan.check.registry import rule
from yusuan.check.reporter import Reporter
from yusuan.check.subjects import Printed, YearNames, is_summary
from yusuan.model.codes import CodeKind
from yusuan.model.document import Row, Table
from yusuan.reference.catalog import (
    Catalog,
    load_catalog,
)

_ECONOMIC_TABLES = {"basic_economic", "fiscal_basic", "operating"}
_ECONOMIC_KINDS = {"by_economic", "operating"}
_FUNCTION_TABLES = {"basic_function"}  # 基本支出 by function (人员经费 | 公用经费 columns)
_LEADING = re.compile(r"^\s*(?:[一二三四五六七八九十百]+、|\d{3}\s+)")
_TRAILING_LEVEL = re.compile(r"[（(](?:类|款|项)[）)]$")


def normalise_name(name: str) -> str:
    """A subject name without spaces, with full-width brackets, without a trailing （类）/（款）/（项）."""
    text = re.sub(r"[\s\u3000]+", "", name or "").replace("(", "（").replace(")", "）")
    return _TRAILING_LEVEL.sub("", text)


def table_kind(ctx: CheckContext, table: Table) -> CodeKind:
    """Which classification a subject table's codes belong to."""
    profile = ctx.profile
    if profile is not None:
        spec = next((s for s in profile.tables if s.key == table.key), None)
        if spec is not None:
            return CodeKind.ECONOMIC if spec.kind in _ECONOMIC_KINDS else CodeKind.FUNCTION
    if table.key in _FUNCTION_TABLES:
        return CodeKind.FUNCTION
    if table.key in _ECONOMIC_TABLES or ctx.column(table, "personnel") is not None:
        return CodeKind.ECONOMIC
    return CodeKind.FUNCTION


def _subject_tables(ctx: CheckContext) -> list[Table]:
    """Tables whose rows are classification subjects (the two-sided summaries are not)."""
    return [t for t in ctx.document.tables if not is_summary(t) and any(r.code for r in t.rows)]


def _remainders(table: Table) -> list[bool]:
    """For each row, whether its code is printed again below its children (the part not itemised,
    …（未列明到款）): an earlier row has that code, or a code starting with it. One pass."""
    seen: set[str] = set()  # the codes above, and every beginning of them
    out = []
    for index, row in enumerate(table.rows):
        code = row.code or ""
        out.append(index > 0 if not code else code in seen)
        for end in range(1, len(code) + 1):
            seen.add(code[:end])
    return out


def printed_codes(ctx: CheckContext) -> Iterator[Printed]:
    """Every code printed with its name: subject tables' rows and the summaries' class rows.
    A code printed again as a remainder line is left out (its name says 未列明)."""
    for table in ctx.document.tables:
        if is_summary(table):
            if ctx.column(table, "expenditure.label") is None:
                continue
            for row in table.rows:
                if not row.code:
                    continue
                cell = ctx.cell(table, row, "expenditure.label")
                name = _LEADING.sub("", cell.text) if cell is not None else ""
                yield Printed(table, row, row.code, CodeKind.FUNCTION, name.strip(), "expenditure.label")
            continue
        if not any(r.code for r in table.rows):
            continue
        kind = table_kind(ctx, table)
        for row, remainder in zip(table.rows, _remainders(table), strict=True):
            if not row.code or remainder:
                continue
            cell = ctx.cell(table, row, "name")
            yield Printed(table, row, row.code, kind, (cell.text if cell is not None else "").strip(), "name")


@rule(
    "code.E001",
    "科目编码格式错误",
    "A malformed subject code",
    "功能分类科目编码为 3 位（类）、5 位（款）、7 位（项）数字；部门预算经济分类为 3 位（类）、5 位（款）"
    "（政府收支分类科目）。其他长度或含非数字字符的编码无法对应科目。分列印出的款、项少了前导零（“301 2”），"
    "而同列多数编码印有前导零（“01”“08”）的，也报告。",
)
def malformed_code(ctx: CheckContext, report: Reporter) -> None:
    for table in _subject_tables(ctx):
        kind = table_kind(ctx, table)
        code_columns = [c.key for c in table.columns if c.is_code]
        padded = _padded_parts(ctx, table)
        for row in table.rows:
            if row.kind in ("total", "label"):
                continue
            code = row.code
            short = _short_part(ctx, table, row, padded)
            if short is not None:
                code = short  # "301 | 2" where the column prints "01", "08" …: 款 02 lost its zero
            elif code is None:
                # a subject row whose printed code could not be read as one
                texts = [
                    c.text.strip()
                    for k in code_columns
                    if (c := ctx.cell(table, row, k)) is not None and c.text.strip()
                ]
                if not any(ch.isdigit() for t in texts for ch in t):
                    continue  # a label (合计, 类/款/项 …), not a code
                code = "".join(texts)
                if code.isdigit() and len(code) in kind.lengths:
                    continue
            elif code.isascii() and code.isdigit() and len(code) in kind.lengths:
                continue
            lengths = "/".join(str(n) for n in kind.lengths)
            location, provenance = ctx.at_cell(table, row, code_columns[0] if code_columns else None)
            what = (
                "款、项各为 2 位数字（如 02），此处一位，而同列其他编码为两位"
                if short is not None
                else f"此处为 {len(code)} 个字符"
            )
            report(
                f"{table_name(table)}科目编码“{code}”格式错误：{kind.label}编码应为 {lengths} 位数字，{what}",
                f"malformed {kind.value} code '{code}' in {table.key}: expected {lengths} digits",
                Hint(
                    "按政府收支分类科目更正编码（类 3 位、款 5 位、项 7 位）",
                    "Correct the code to the government classification (class 3 digits, section 5, item 7)",
                ),
                location,
                provenance,
            )
    _malformed_in_text(ctx, report)


def _padded_parts(ctx: CheckContext, table: Table) -> set[str]:
    """The 款/项 code columns that print a part below 10 with its zero ("01", "08") more often than
    without (a layout may print them all as "1", "8": its style, not a misprint)."""
    out = set()
    for key in ("code.section", "code.item"):
        texts = [c.text.strip() for row in table.rows if (c := ctx.cell(table, row, key)) is not None]
        padded = sum(1 for t in texts if re.fullmatch(r"0[0-9]", t))
        if padded > sum(1 for t in texts if re.fullmatch(r"[0-9]", t)):
            out.add(key)
    return out


def _short_part(ctx: CheckContext, table: Table, row: Row, padded: set[str]) -> str | None:
    """The row's code as printed ("301 2") where a part in a column that pads its parts is one digit."""
    parts = [
        (key, c.text.strip())
        for key in ("code.class", "code.section", "code.item")
        if (c := ctx.cell(table, row, key)) is not None and c.text.strip()
    ]
    if any(key in padded and re.fullmatch(r"[0-9]", text) for key, text in parts):
        return " ".join(text for _, text in parts)
    return None


# a code the text cites after a subject's name: "机关事业单位基本养老保险缴费支出(2080505)98.90万元"
_CITED = re.compile(r"(?<=[\u4e00-\u9fff])[（(]\s*(2\d{2,7})\s*[)）]")


def _malformed_in_text(ctx: CheckContext, report: Reporter) -> None:
    """A function code cited in the text with a wrong number of digits ("行政单位医疗(210101)"), in
    a section that cites well-formed codes the same way (so that the figures are codes)."""
    for section in ctx.sections():
        if not any(len(m.group(1)) in (5, 7) for p in section.paragraphs for m in _CITED.finditer(p)):
            continue
        for paragraph in section.paragraphs:
            for match in _CITED.finditer(paragraph):
                code = match.group(1)
                if len(code) in (3, 4, 5, 7):  # 4 digits may be a year
                    continue
                sentence = sentence_at(paragraph, match.start())
                report(
                    f"正文所引科目编码“{code}”格式错误：功能分类编码应为 3/5/7 位数字，此处为 {len(code)} 位",
                    f"malformed function code '{code}' cited in the text: expected 3, 5 or 7 digits",
                    Hint(
                        "按政府收支分类科目更正编码（类 3 位、款 5 位、项 7 位）",
                        "Correct the code to the government classification (class 3 digits, section 5, item 7)",
                    ),
                    Location(section=section.heading, sentence=sentence.strip()),
                )


@rule(
    "code.E002",
    "同一科目编码在不同表中名称不同",
    "The same code printed with different names",
    "同一科目编码在文件各表中应使用同一名称；名称不同说明编码或名称有一处印错（或名称被截断）。",
)
def one_name_per_code(ctx: CheckContext, report: Reporter) -> None:
    seen: dict[tuple[CodeKind, str], list[Printed]] = {}
    for printed in printed_codes(ctx):
        if normalise_name(printed.name):
            seen.setdefault((printed.kind, printed.code), []).append(printed)
    for (_, code), uses in sorted(seen.items(), key=lambda item: item[0][1]):
        names: dict[str, list[Printed]] = {}
        for use in uses:
            names.setdefault(normalise_name(use.name), []).append(use)
        if len(names) < 2:
            continue
        # the most used name is taken as meant; the finding points at the first other one
        ordered = sorted(names.items(), key=lambda item: -len(item[1]))
        odd = ordered[1][1][0]
        variants = "；".join(
            f"{'、'.join(dict.fromkeys(table_name(u.table) for u in us))}为“{us[0].name}”"
            for _, us in ordered
        )
        truncated = any(a != b and b.startswith(a) for a, _ in ordered for b, _ in ordered)
        location, provenance = ctx.at_cell(odd.table, odd.row, odd.column)
        report(
            f"科目 {code} 的名称各表不一：{variants}" + ("（其中一处疑被截断）" if truncated else ""),
            f"code {code} is printed with {len(names)} different names: "
            + "; ".join(f"{us[0].table.key}: {us[0].name}" for _, us in ordered),
            Hint(
                "统一各表中该科目的名称（以当年政府收支分类科目为准）",
                "Use one name for the subject in every table (as in this year's government classification)",
            ),
            location,
            provenance,
        )


def _catalogs(ctx: CheckContext) -> dict[CodeKind, Catalog]:
    return {kind: load_catalog(ctx.year, kind) for kind in CodeKind}


@rule(
    "code.W001",
    "科目编码不在当年科目表中",
    "A code not in the year's catalogue",
    "公开文件使用的科目应是当年政府收支分类科目中的科目；只在导入了财政部当年完整科目表时检查，"
    "随软件附带的部分科目不能证明一个编码不存在。",
)
def unknown_code(ctx: CheckContext, report: Reporter) -> None:
    catalogs = _catalogs(ctx)
    reported: set[tuple[CodeKind, str]] = set()
    for printed in printed_codes(ctx):
        catalog = catalogs[printed.kind]
        key = (printed.kind, printed.code)
        if not catalog.is_complete or key in reported or printed.code in catalog:
            continue
        reported.add(key)
        location, provenance = ctx.at_cell(printed.table, printed.row, printed.column)
        report(
            f"{table_name(printed.table)}科目 {printed.code}“{printed.name}”不在 {ctx.year} 年{printed.kind.label}中",
            f"{printed.kind.value} code {printed.code} ({printed.name}) is not in the {ctx.year} catalogue",
            Hint(
                "核对编码：可能印错，或使用了已停用的科目",
                "Check the code: it may be misprinted, or a subject no longer in use",
            ),
            location,
            provenance,
        )


@rule(
    "code.W002",
    "科目名称与当年科目表不同",
    "A name that differs from the year's catalogue",
    "科目名称应与当年政府收支分类科目一致（比较时不计括号全半角与空格）；只比较科目表中有出处的科目。"
    "文件别处已用规范名称的，由 code.E002（各表名称不一）报告；是往年科目名称的，由 code.W003 报告。",
)
def name_differs_from_catalogue(ctx: CheckContext, report: Reporter) -> None:
    catalogs = _catalogs(ctx)
    years = YearNames(ctx)
    uses = list(printed_codes(ctx))
    names: dict[tuple[CodeKind, str], set[str]] = {}
    for use in uses:
        names.setdefault((use.kind, use.code), set()).add(normalise_name(use.name))
    reported: set[tuple[CodeKind, str, str]] = set()
    for printed in uses:
        name = normalise_name(printed.name)
        reference = catalogs[printed.kind].name_of(printed.code)
        if not name or reference is None or normalise_name(reference) == name:
            continue
        key = (printed.kind, printed.code, name)
        if key in reported or normalise_name(reference) in names[(printed.kind, printed.code)]:
            continue  # the document prints the reference name elsewhere: code.E002 reports it
        if years.former(printed.kind, ctx.year, printed.code, printed.name) is not None:
            continue  # the name of an earlier year: code.W003 says which year
        reported.add(key)
        location, provenance = ctx.at_cell(printed.table, printed.row, printed.column)
        report(
            f"{table_name(printed.table)}科目 {printed.code} 名为“{printed.name}”；{ctx.year} 年科目表中为“{reference}”",
            f"{printed.code} is printed as '{printed.name}'; the {ctx.year} catalogue names it '{reference}'",
            Hint(
                "按当年政府收支分类科目更正名称", "Correct the name to this year's government classification"
            ),
            location,
            provenance,
        )


@rule(
    "code.E003",
    "列出类级科目的表缺少某项的上级科目",
    "A subject row without its 类/款 row",
    "按类、款、项分级列示的表，每个项（款）都应列在它的类（款）之下；缺少上级科目行，类、款合计就不完整。",
)
def missing_parent(ctx: CheckContext, report: Reporter) -> None:
    for table in _subject_tables(ctx):
        codes = [r.code or "" for r in table.rows if r.code]
        lengths = {len(c) for c in codes}
        reported: set[str] = set()
        for row in table.rows:
            code = row.code or ""
            for width in (3, 5):
                if width not in lengths or len(code) <= width:
                    continue
                parent = code[:width]
                if parent in codes or parent in reported:
                    continue
                reported.add(parent)
                level = "类" if width == 3 else "款"
                level_en = "class" if width == 3 else "section"
                location, provenance = ctx.at_cell(table, row, "name")
                report(
                    f"{table_name(table)}列出了{level}级科目，但科目 {code} 的{level}“{parent}”没有列出",
                    f"{table.key} prints {level_en} rows, but {code} has no row for its parent {parent}",
                    Hint(
                        f"补列{level}级科目 {parent} 及其合计",
                        f"Add the {level_en} row {parent} with its total",
                    ),
                    location,
                    provenance,
                )


@rule(
    "code.W003",
    "科目名称为往年名称",
    "A subject name of an earlier year",
    "政府收支分类科目每年修订，科目会改名、合并或拆分。表中科目名称是该编码往年的名称，而预算年度的科目表"
    "（或当年其他预算公开文件，至少两份、名称一致；当年文件不足两份的，看前后两年的文件，须都印同一名称）另有名称的，说明沿用了旧科目名称。往年名称取自当年的科目表"
    "或当年预算公开文件印出的名称（均注明出处）；是往年另一科目的名称、而导入的当年完整科目表中已无此名称的，也报告。"
    "当年名称只是简写、截断或加注的，不报告；文件别处已用当年名称的，由 code.E002 报告。",
)
def former_name(ctx: CheckContext, report: Reporter) -> None:
    names = YearNames(ctx)
    uses = list(printed_codes(ctx))
    printed_names: dict[tuple[CodeKind, str], set[str]] = {}
    for use in uses:
        printed_names.setdefault((use.kind, use.code), set()).add(norm_name(use.name))
    reported: set[tuple[CodeKind, str, str]] = set()
    for printed in uses:
        key = (printed.kind, printed.code, norm_name(printed.name))
        if key in reported or not printed.name:
            continue
        found = names.former(printed.kind, ctx.year, printed.code, printed.name)
        if found is None:
            continue
        reported.add(key)
        then, now = found
        if norm_name(now.name) in printed_names[(printed.kind, printed.code)]:
            continue  # the document prints this year's name elsewhere: code.E002 reports it
        location, provenance = ctx.at_cell(printed.table, printed.row, printed.column)
        report(
            f"{table_name(printed.table)}科目 {printed.code} 名为“{printed.name}”，是往年的科目名称："
            f"{then.cited()}；{now.cited()}",
            f"{printed.code} is printed as '{printed.name}', its name in an earlier year "
            f"({then.cited_en()}); {ctx.year}: {now.cited_en()}",
            Hint(
                f"按 {ctx.year} 年政府收支分类科目更正科目名称",
                f"Correct the subject name to the {ctx.year} government classification",
            ),
            location,
            provenance,
        )
