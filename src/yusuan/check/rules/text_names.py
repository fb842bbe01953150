"""The text names a subject as the tables do (code.W004): a code cited with a name, or a
"××（类）××（款）××（项）" path with its amount, against the subject the tables print."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from yusuan.check.context import CheckContext, compare, normalised, places_of
from yusuan.check.finding import Hint, Location
from yusuan.check.match import norm_name
from yusuan.check.places import paragraph_provenance, sentence_at
from yusuan.check.registry import rule
from yusuan.check.reporter import Reporter
from yusuan.check.subjects import YearNames, printed_subjects, same_or_shortened
from yusuan.model.codes import CodeKind
from yusuan.model.document import Section
from yusuan.text.spacing import squeeze

# ---------------------------------------------------------------------------- names in the text
# A subject name (characters, and bracketed words such as （室）, not a level marker)
# a subject's name: at most 40 characters or bracketed words (the longest printed is about 25);
# unbounded, a long run of text made each pattern quadratic (a 10,000-character name: two minutes)
_NAME = r"(?:[\u4e00-\u9fff、]|（(?![类款项]）)[\u4e00-\u9fff]{1,4}）){1,40}"
_FUNCTION_CODE = r"2\d{2}(?:0[1-9]|[1-9]\d)(?:(?:0[1-9]|[1-9]\d))?"  # 5 or 7 digits, no 00 part
# "机关事业单位基本养老保险缴费支出(2080505)98.90万元": a name, then its code in brackets
_NAME_THEN_CODE = re.compile(rf"({_NAME})[（(]({_FUNCTION_CODE})[）)]")
# "（一）2040101-武装警察部队427.93万元": a list item opening with a code, then its name
_CODE_THEN_NAME = re.compile(rf"(?:^|(?<=[；;。：:，,、）)\]]))({_FUNCTION_CODE})[-－—–]?({_NAME})")
# "卫生健康支出（类）计划生育事务（款）计划生育服务（项）”20.00万元"
_PATH = re.compile(rf"(?:({_NAME})（类）)?(?:({_NAME})（款）)?({_NAME})（项）")
_PATH_AMOUNT = re.compile(r"^[”\"’」]?(?:科目)?(?:支出)?[：:]?(\d[\d,]*(?:\.\d+)?)(万元|元)")
_NOT_A_NAME = re.compile(r"^(?:万|元|亿|年|月|日|个|人|名|辆|次|项|台|套|家|平方|%)")


@dataclass
class _Cited:
    """A subject the text names: by code and name, or by its 类/款/项 names and an amount."""

    section: Section
    printed: str  # the paragraph as read
    paragraph: str  # the paragraph without spaces (names broken over lines are joined)
    start: int
    text: str  # as printed (spaces removed)
    name: str
    code: str | None = None
    path: tuple[str | None, str | None, str] | None = None  # 类, 款, 项 names
    amount: Decimal | None = None
    unit: str | None = None


def _squeezed(paragraph: str) -> str:
    return squeeze(normalised(paragraph))


def _cited(ctx: CheckContext) -> Iterator[_Cited]:
    for section in ctx.sections():
        for paragraph in section.paragraphs:
            yield from _cited_in(section, paragraph)


def _cited_in(section: Section, paragraph: str) -> Iterator[_Cited]:
    text = _squeezed(paragraph)

    def at(match: re.Match[str], name: str, code: str | None = None) -> _Cited:
        return _Cited(section, paragraph, text, match.start(), match.group(0), name, code)

    for match in _NAME_THEN_CODE.finditer(text):
        yield at(match, match.group(1), match.group(2))
    for match in _CODE_THEN_NAME.finditer(text):
        if not _NOT_A_NAME.match(match.group(2)):
            yield at(match, match.group(2), match.group(1))
    for match in _PATH.finditer(text):
        cls, section_name, item = match.groups()
        if cls is None and section_name is None:
            continue
        amount = _PATH_AMOUNT.match(text[match.end() :])
        if amount is None:
            continue
        cited = at(match, item)
        cited.path = (cls, section_name, item)
        cited.amount = Decimal(amount.group(1).replace(",", ""))
        cited.unit = amount.group(2)
        yield cited


@dataclass
class _Subject:
    code: str
    name: str  # as printed in the tables (the first printing)
    names: set[str]  # every name the tables print for it (as compared)
    amounts: list[Decimal]  # the first figure of each row printing it, in 万元


def _function_subjects(ctx: CheckContext) -> dict[str, _Subject]:
    """The function codes the tables print, with their names and amounts (:func:`printed_subjects`)."""
    subjects: dict[str, _Subject] = {}
    for printed in printed_subjects(ctx):
        if printed.kind is not CodeKind.FUNCTION:
            continue
        subject = subjects.setdefault(printed.code, _Subject(printed.code, printed.name, set(), []))
        subject.names.add(norm_name(printed.name))
        figure = next(
            (
                cell.value
                for column, cell in zip(printed.table.columns, printed.row.cells, strict=False)
                if column.kind == "figure" and cell.value is not None
            ),
            None,
        )
        if figure is not None:
            subject.amounts.append(ctx.to_wan(printed.table, figure))
    return subjects


def _matches(text_name: str, table_name: str, first: bool) -> bool:
    """The text's name for a level is the table's (or shortened); the first name of a path may
    carry words before it ("主要用于一般公共服务支出")."""
    text, table = norm_name(text_name), norm_name(table_name)
    return same_or_shortened(text, table) or (first and text.endswith(table))


def _amount_matches(text: Decimal, unit: str, table_wan: Decimal) -> bool:
    value = text / Decimal(10000) if unit == "元" else text
    places = places_of(text) + (4 if unit == "元" else 0)
    return compare(value, table_wan, 1, places) != "different"


def _by_path(cited: _Cited, subjects: dict[str, _Subject]) -> tuple[str, list[str]] | None:
    """For a path the tables do not hold (its names lead to no 项): the one 项 the amount leads to
    in the class (or 款) the path names, and which levels the text names differently."""
    assert cited.path is not None and cited.amount is not None and cited.unit is not None
    cls, section_name, item = cited.path
    first = "class" if cls else "section"

    def named(name: str | None, width: int, prefixes: set[str] | None, is_first: bool) -> set[str]:
        if name is None:
            return set(prefixes or ())
        return {
            code
            for code, subject in subjects.items()
            if len(code) == width
            and (prefixes is None or code[: len(next(iter(prefixes)))] in prefixes)
            and any(_matches(name, n, is_first) for n in subject.names)
        }

    classes = named(cls, 3, None, first == "class") if cls else None
    if cls and not classes:
        return None
    sections = named(section_name, 5, classes, first == "section") if section_name else classes
    items = {
        code
        for code, subject in subjects.items()
        if len(code) == 7
        and sections
        and code[: len(next(iter(sections)))] in sections
        and any(_matches(item, n, False) for n in subject.names)
    }
    if items:
        return None  # the path names a subject the tables print
    scope = sections if sections else classes
    if not scope:
        return None
    width = len(next(iter(scope)))
    hits = [
        code
        for code, subject in subjects.items()
        if len(code) == 7
        and code[:width] in scope
        and any(_amount_matches(cited.amount, cited.unit, wan) for wan in subject.amounts)
    ]
    if len(hits) != 1:
        return None
    code = hits[0]
    differ = []
    parent = subjects.get(code[:5])
    if section_name is not None and (
        parent is None or not any(_matches(section_name, n, first == "section") for n in parent.names)
    ):
        differ.append("款")
    if not any(_matches(item, n, False) for n in subjects[code].names):
        differ.append("项")
    return (code, differ) if differ else None


def _earlier(years: YearNames, year: int, code: str, name: str) -> str:
    """ "（“name”是往年名称：…）" when the text's name for ``code`` is one an earlier year used and
    no other document of the budget year prints."""
    if years.in_use(CodeKind.FUNCTION, year, code, name) is not None:
        return ""
    for earlier in years.years_before(CodeKind.FUNCTION, year):
        then = years.in_use(CodeKind.FUNCTION, earlier, code, name)
        if then is not None:
            return f"（正文所用为往年名称：{then.cited()}）"
    return ""


@rule(
    "code.W004",
    "正文所称科目名称与表中不同",
    "The text names a subject differently from the tables",
    "正文引用科目（“行政运行（2010301）”“2040201-行政运行”，或“××（类）××（款）××（项）”及其金额）时，"
    "名称应与表中同一科目的名称一致。正文只是简写、截断、加注或词序颠倒的，不报告；按类、款、项名称找不到表中科目时，"
    "以金额在所称类（款）下唯一对应的项为准，对应不唯一的不报告。正文所用是往年科目名称的，一并注明年份与出处。",
)
def text_name_differs(ctx: CheckContext, report: Reporter) -> None:
    subjects = _function_subjects(ctx)
    if not subjects:
        return
    names_to_codes: dict[str, list[str]] = {}
    for subject in subjects.values():
        for name in subject.names:
            names_to_codes.setdefault(name, []).append(subject.code)
    years = YearNames(ctx)
    seen: set[tuple[str, int]] = set()
    for cited in _cited(ctx):
        if (cited.paragraph, cited.start) in seen:
            continue
        seen.add((cited.paragraph, cited.start))
        sentence = sentence_at(cited.paragraph, cited.start)
        location = Location(section=cited.section.heading, sentence=sentence)
        provenance = paragraph_provenance(cited.section, cited.printed)
        if cited.code is not None:
            table_subject = subjects.get(cited.code)
            if table_subject is None or any(same_or_shortened(cited.name, n) for n in table_subject.names):
                continue
            other = [c for c in names_to_codes.get(norm_name(cited.name), []) if c != cited.code]
            also = f"（表中“{cited.name}”是科目 {other[0]}）" if other else ""
            also += _earlier(years, ctx.year, cited.code, cited.name)
            report(
                f"正文“{cited.text}”称科目 {cited.code} 为“{cited.name}”；表中 {cited.code} 为“{table_subject.name}”"
                + also,
                f"the text calls {cited.code} '{cited.name}'; the tables name it '{table_subject.name}'",
                Hint(
                    "核对正文所引科目的编码与名称，与表中一致",
                    "Check the code and name the text cites against the tables",
                ),
                location,
                provenance,
            )
            continue
        found = _by_path(cited, subjects)
        if found is None:
            continue
        code, differ = found
        parent = subjects.get(code[:5])
        printed = (
            f"{code[:5]} {parent.name}（款）/ {code} {subjects[code].name}（项）"
            if parent
            else (f"{code} {subjects[code].name}（项）")
        )
        amount = f"{cited.amount}{cited.unit}"
        earlier = _earlier(years, ctx.year, code, cited.name) if "项" in differ else ""
        report(
            f"正文“{cited.text}”{amount}，表中金额为 {amount} 的科目是 {printed}：正文的"
            f"{'、'.join(differ)}名称与表中不同{earlier}",
            f"the text names '{cited.text}' ({amount}); the tables print {amount} under {code} "
            f"{subjects[code].name}: the {'/'.join(differ)} name differs",
            Hint(
                "按表中科目（政府收支分类科目）更正正文所称的类、款、项名称",
                "Correct the class, section or item name in the text to the subject in the tables (the government classification)",
            ),
            location,
            provenance,
        )
