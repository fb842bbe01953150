"""Wording: 部门 or 单位 used consistently, no placeholders left, years that belong to the budget,
no doubled characters or punctuation, and no 元 slipped in among 万元.

Texts are compared as the claims reader normalises them (full-width digits made ASCII, the
spaces a conversion leaves between Chinese characters removed), so "2024 年" reads as 2024年.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from yusuan.check.context import CheckContext, fmt, normalised
from yusuan.check.finding import Hint, Location
from yusuan.check.places import TextPlace, inside_title, paragraph_provenance, sentence_at, with_sentence
from yusuan.check.registry import rule
from yusuan.check.reporter import Reporter
from yusuan.lexicon import COMPARED_YEAR, PLACEHOLDER
from yusuan.model.document import Provenance
from yusuan.model.money import in_wan
from yusuan.text.spacing import squeeze


def _texts(ctx: CheckContext, cells: bool) -> Iterator[tuple[str, Location, TextPlace]]:
    """Every printed text with where it is: the title, section titles and paragraphs, table
    titles and notes, performance tables (and, with ``cells``, every table cell)."""
    document = ctx.document
    nowhere = TextPlace(None)
    yield document.title, Location(section="标题"), nowhere
    for section in ctx.sections():
        yield section.title, Location(section=section.heading), nowhere
        for paragraph in section.paragraphs:
            place = TextPlace(paragraph_provenance(section, paragraph), section)
            yield paragraph, Location(section=section.heading), place
    for table in document.tables:
        yield table.title, Location(table=table.title, table_key=table.key), nowhere
        if table.note:
            yield table.note, Location(table=table.title, table_key=table.key, row="注"), nowhere
        if not cells:
            continue
        for row in table.rows:
            for column, cell in zip(table.columns, row.cells, strict=False):
                if cell.text and cell.value is None:
                    location = Location(
                        table=table.title,
                        table_key=table.key,
                        row=ctx.row_label(table, row),
                        column=column.title,
                    )
                    yield cell.text, location, TextPlace(cell.provenance)
    for perf in document.performance:
        where = Location(
            table=f"{perf.title}（{perf.project}）" if perf.project else perf.title, table_key=perf.key
        )
        yield perf.title, where, nowhere
        yield perf.goal, Location(table=where.table, table_key=perf.key, row="目标"), nowhere
        if not cells:
            continue
        for label, cell in perf.fields.items():
            yield (
                cell.text,
                Location(table=where.table, table_key=perf.key, row=label),
                TextPlace(cell.provenance),
            )
        for indicator in perf.indicators:
            for text in (indicator.level1, indicator.level2, indicator.name, indicator.target):
                yield text, Location(table=where.table, table_key=perf.key, row=indicator.name), nowhere


# ---------------------------------------------------------------------------------- 部门 / 单位


def _scope_word(text: str) -> str | None:
    has_dept, has_unit = "部门" in text, bool(re.search(r"(?<!预算)(?<!编制)单位(?!名称|：|:)", text))
    if has_dept == has_unit:
        return None
    return "部门" if has_dept else "单位"


@rule(
    "wording.W001",
    "标题与表名的“部门”“单位”用语应一致",
    "The title and the table titles both say 部门, or both 单位",
    "部门预算（含所属单位）与单位预算是两种公开主体，标题、表名应使用同一称谓；标题称“部门预算”而各表称"
    "“单位…表”，读者无法判断公开范围。",
)
def dept_or_unit(ctx: CheckContext, report: Reporter) -> None:
    document = ctx.document
    said = re.search(r"(部门|单位)(?:预算|决算)", document.title)
    if said is None:
        return
    word = said.group(1)
    titles = [t.title for t in document.tables] + [p.title for p in document.performance]
    words = {w for w in map(_scope_word, titles) if w is not None}
    other = "单位" if word == "部门" else "部门"
    if other not in words or word in words:
        return
    examples = [t for t in titles if _scope_word(t) == other]
    shown = "、".join(f"“{t}”" for t in examples[:3]) + ("等" if len(examples) > 3 else "")
    report(
        f"标题称“{said.group(0)}”（{word}），而表名称{other}：{shown}",
        f"the title says {word} ({said.group(0)}), the table titles say {other}: {', '.join(examples[:3])}",
        Hint(
            f"统一为“{word}”或“{other}”，与公开主体一致",
            f"Use one word, “{word}” or “{other}”, matching who publishes the budget",
        ),
        Location(section="标题", sentence=document.title),
    )


# ---------------------------------------------------------------------------------- placeholders

_PLACEHOLDER = PLACEHOLDER
_INSTRUCTION = re.compile(r"^[（(]")


# A placeholder left throughout (a blank template): its first places, then one line with the count.
_PLACEHOLDER_SHOWN = 3


def unfilled_template(ctx: CheckContext) -> str | None:
    """The placeholder in the unit's own name ("上海市XX局", the official blank template
    shanghai-putuo 2024): a document nobody has filled in, whose placeholders, alternatives and notes
    to the drafter are all still there — said once (wording.N005), not place by place."""
    match = _PLACEHOLDER.search(ctx.document.unit_name or "")
    return ctx.document.unit_name if match else None


@rule(
    "wording.N005",
    "文件是未填写的模板",
    "The document is an unfilled template",
    "单位名称本身就是占位符（“上海市XX局”）的文件是未填写的模板：只报告这一条，其中的占位符、备选词和"
    "写给填报人的说明不再逐处列出（wording.W002、wording.W005）。",
)
def blank_template(ctx: CheckContext, report: Reporter) -> None:
    name = unfilled_template(ctx)
    if name is None:
        return
    report(
        f"单位名称为“{name}”：文件是未填写的模板，其中的占位符、备选词和填报说明不逐处列出",
        f"the unit is named “{name}”: an unfilled template, whose placeholders are not listed one by one",
        Hint("填入单位名称和各项内容后再检查", "Fill in the unit's name and the content, then check again"),
        Location(section="标题", sentence=ctx.document.title),
    )


@rule(
    "wording.W002",
    "不应留有占位符",
    "No placeholders left",
    "模板中的占位符（XX、xx、××、某某、待填、待定、{单位}、空的〔　〕文号括号、下划线空格）和模板示例中留待"
    "填写的省略号（“主要原因是……”“主要用于……”“……万元”“2. ……”）应在公开前替换为实际内容；模板写给填报人的"
    "说明（“（请核实……）”“（按……填写）”“（如持平作持平表述）”“（不涉及的不列）”）应在公开前删去。"
    "目录的点线（“……… 3”）和列举中的省略号不在此列。",
)
def placeholders(ctx: CheckContext, report: Reporter) -> None:
    if unfilled_template(ctx):
        return  # wording.N005 says it once
    seen: dict[str, int] = {}
    said: set[tuple[str, int]] = set()
    first: dict[str, tuple[Location, Provenance | None]] = {}
    for text, location, where in _texts(ctx, cells=True):
        if not text:
            continue
        for match in _PLACEHOLDER.finditer(text):
            provenance = where.of(text, match.start())
            token = squeeze(match.group(0))
            if (text, match.start()) in said:
                continue  # the same text read twice (a paragraph and the cell that repeats it)
            said.add((text, match.start()))
            seen[token] = seen.get(token, 0) + 1
            if seen[token] > _PLACEHOLDER_SHOWN:
                continue
            place = with_sentence(location, sentence_at(text, match.start()))
            first.setdefault(token, (place, provenance))
            if len(token) > 4 and _INSTRUCTION.match(token):
                report(
                    f"留有模板中写给填报人的说明“{match.group(0)}”",
                    f"the template's note to the drafter left in: “{match.group(0)}”",
                    Hint("按说明填写后删去", "Fill in as the note says, then delete the note"),
                    place,
                    provenance,
                )
                continue
            report(
                f"留有占位符“{match.group(0)}”：{sentence_at(text, match.start())[:80]}",
                f"placeholder “{match.group(0)}” left in: {sentence_at(text, match.start())[:80]}",
                Hint("替换为实际内容，或删去", "Replace it with the actual content, or delete it"),
                place,
                provenance,
            )
    for token, count in seen.items():
        if count > _PLACEHOLDER_SHOWN:
            place, provenance = first[token]
            report(
                f"占位符“{token}”全文共 {count} 处（以上列出前 {_PLACEHOLDER_SHOWN} 处）：文件可能是未填写的模板",
                f"placeholder “{token}” occurs {count} times (the first {_PLACEHOLDER_SHOWN} listed): "
                "the document may be an unfilled template",
                Hint("逐处替换为实际内容", "Replace each with the actual content"),
                place,
                provenance,
            )


# ---------------------------------------------------------------------------------- years

_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})年(?:度)?")
_AS_OF_BEFORE = re.compile(r"(?:截至|截止|截止到|截至到|至|到)$")
_FULL_DATE_AFTER = re.compile(r"^(?:度)?[0-9]{1,2}月[0-9]{1,2}日")
_RANGE = re.compile(r"^(?:度)?(?:[0-9]{1,2}月)?(?:[-—–~～至到])(?:19|20)[0-9]{2}")
_BUDGET_AFTER = re.compile(r"^(?:度)?(?:部门|单位)?(?:综合)?(?:预算|决算)")
_RANGE_BEFORE = re.compile(r"(?:19|20)[0-9]{2}年?(?:[0-9]{1,2}月)?[-—–~～至到]$")


def _year_texts(ctx: CheckContext) -> Iterator[tuple[str, Location, TextPlace, bool]]:
    """Section titles and paragraphs; and the sentences written into table cells (a project's
    简介: at least 20 characters, no figure), where only a plan for the year is read (a project
    table tells its history: "2015年5月开工建设" is a fact, "2016年计划对全市…开展" a text carried
    over from 2016). The flag says which."""
    for section in ctx.sections():
        for raw in [section.title, *section.paragraphs]:
            place = TextPlace(paragraph_provenance(section, raw), section)
            yield raw, Location(section=section.heading), place, False
    for text, location, where in _texts(ctx, cells=True):
        if location.row and location.column and len(text) >= _CELL_SENTENCE:
            yield text, location, where, True


_CELL_SENTENCE = 20  # characters: a table cell this long holds a sentence, not a label
_PLAN_AFTER = re.compile(r"^(?:度)?(?:计划|拟|将|预计|安排|预算安排)")
# "于2015年7月实施建设" (an event's date), "2018年版一级水源保护区" (a plan's version), "完成2024年度
# 排放源统计年报" (work on that year's report): a past year rightly named
_PAST_WORK_AFTER = re.compile(
    r"^(?:度)?(?:[0-9]{1,2}月|版|[^，,。；;：:]{0,16}?(?:报告|年报|季报|报表|决算|审计|考核|评价|检查|整改))"
)


@rule(
    "wording.W003",
    "正文中的年份应为预算年度或上年",
    "Years in the text are the budget year or the year before",
    "预算说明只涉及预算年度及其上年（比较基数）；更早的年份多为沿用旧文本未改。引用的文号（〔2013〕）、"
    "书名号内的文件名（《…2024年…》）、“截至”日期、事件的日期（某年某月）、版本（“2018年版”）、"
    "往年的报告和决算（“完成2024年度统计年报”）、比较基数（由 prior.E005 核对）和年份区间不在此列；"
    "以后的年份多是计划和目标（“确保2021年建成”），只在写成某年预算时提示。表格中写成句子的说明"
    "（项目简介等）只看写给旧年度的计划（“2016年计划……”）。",
)
def years(ctx: CheckContext, report: Reporter) -> None:
    allowed = {ctx.year, ctx.year - 1}
    for raw, place, where, cell in _year_texts(ctx):
        text = normalised(raw)
        if text:
            for match in _YEAR.finditer(text):
                year = int(match.group(1))
                if year in allowed:
                    continue
                before, after = text[: match.start()], text[match.end() :]
                if COMPARED_YEAR.match(text, max(0, match.start() - 1)):
                    continue  # a comparison: prior.E005
                if cell and not _PLAN_AFTER.match(after):
                    continue
                if _PAST_WORK_AFTER.match(after):
                    continue  # an event's date, a plan's version, or work on that year's report
                if year > ctx.year and not _BUDGET_AFTER.match(after):
                    continue  # a later year is a plan or a target ("确保2021年建成"), or, in a 决算, the year it is written

                if (
                    inside_title(text, match.start())
                    or _AS_OF_BEFORE.search(before)
                    or _FULL_DATE_AFTER.match(
                        text[match.end() - (1 if match.group(0).endswith("度") else 0) :]
                    )
                    or _RANGE.match(after)
                    or _RANGE_BEFORE.search(before)
                ):
                    continue
                sentence = sentence_at(text, match.start())
                report(
                    f"“{match.group(0)}”既不是预算年度 {ctx.year} 年，也不是上年 {ctx.year - 1} 年：{sentence[:80]}",
                    f"{year} is neither the budget year {ctx.year} nor the year before: {sentence[:80]}",
                    Hint(
                        "核对年份；沿用旧文本时改为本年度",
                        "Check the year; where an old text was reused, change it to this budget year",
                    ),
                    with_sentence(place, sentence),
                    where.of(raw, match.start(), normalised_at=True),
                )


# ---------------------------------------------------------------------------------- doubled

# characters that are never doubled in running text, except after the words that end in them
_DOUBLE_CHARS = {
    "及": "以涉危普提波顾惠企来触论",
    "的": "目有端确",
    "和": "平缓温总饱调柔附",
    "与": "参给赋授",
    "或": "",
    "并": "合兼吞归",
    "之": "",
    "对": "针相面应核绝反比",
}
_DOUBLE_PUNCT = re.compile(r"[，。、；：,;:][，。、；：,;]")
_DOUBLE_WORD = re.compile(r"([\u4e00-\u9fff]{2,4})\1")


def _doubles(text: str) -> Iterator[tuple[int, str]]:
    for index in range(1, len(text)):
        char = text[index]
        if char == text[index - 1] and char in _DOUBLE_CHARS:
            previous = text[index - 2] if index >= 2 else ""
            if previous and previous in _DOUBLE_CHARS[char]:
                continue
            yield index - 1, char * 2
    for match in _DOUBLE_PUNCT.finditer(text):
        yield match.start(), match.group(0)
    for match in _DOUBLE_WORD.finditer(text):
        if not match.group(1).startswith("一"):
            yield match.start(), match.group(0)


def _runs(doubles: list[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """Each doubling once per run: "库尔勒库尔勒库尔勒…" doubles at every third character, and is one
    slip, not thousands."""
    ends: dict[str, int] = {}
    for at, what in doubles:
        if at > ends.get(what, -1):
            yield at, what
        ends[what] = at + len(what)


@rule(
    "wording.N001",
    "字词或标点重复",
    "A doubled character, word or punctuation mark",
    "“及及”“用于用于”“。。”“，；”之类的重复多为录入或模板拼接错误。只检查不会正常叠用的虚词、整词重复和标点。",
)
def doubled(ctx: CheckContext, report: Reporter) -> None:
    for text, location, where in _texts(ctx, cells=False):
        norm = normalised(text or "")
        for at, what in _runs(sorted(set(_doubles(norm)))):
            sentence = sentence_at(norm, at)
            start, end = max(0, at - 24), min(len(norm), at + len(what) + 12)
            snippet = ("…" if start else "") + norm[start:end] + ("…" if end < len(norm) else "")
            report(
                f"“{what}”重复：{snippet}",
                f"doubled “{what}” in: {snippet}",
                Hint("删去多余的字词或标点", "Delete the extra word or punctuation"),
                with_sentence(location, sentence),
                where.of(text or "", at, normalised_at=True),
            )


# ---------------------------------------------------------------------------------- 元 among 万元

_PER_UNIT_BEFORE = re.compile(r"(?:每|人均|标准|单价|单位价值|均价|定额)[^，,；;。]{0,12}$")


@rule(
    "wording.W004",
    "以万元表述的句子中不应夹用元",
    "No amount in 元 in a sentence that states 万元",
    "同一句中各项金额应使用同一单位；“因公出国（境）费 0 元，公务用车购置费 0 万元”之类夹用元，"
    "读者易误读数量级（每人每天多少元之类的标准除外）。",
)
def yuan_among_wan(ctx: CheckContext, report: Reporter) -> None:
    for section, claim in ctx.claims():
        if claim.unit != "元" or claim.kind not in ("amount", "change"):
            continue
        others = [
            c for c in section.claims if c.sentence == claim.sentence and c is not claim and c.unit == "万元"
        ]
        if not others:
            continue
        at = claim.sentence.find(claim.text)
        if at >= 0 and _PER_UNIT_BEFORE.search(claim.sentence[:at]):
            continue
        location, provenance = ctx.at_claim(section, claim)
        shown = "、".join(c.text for c in others[:3])
        report(
            f"“{claim.subject or ''}{claim.text}”以元表述，同句其他金额以万元表述（{shown}）",
            f"“{claim.text}” is in 元 while the sentence states 万元 ({shown})",
            Hint(
                f"改为万元（如“{fmt(in_wan(claim.value, '元').normalize()) if claim.value else '0'}万元”），全句统一单位",
                f"Write it in “万元” (e.g. “{fmt(in_wan(claim.value, '元').normalize()) if claim.value else '0'}万元”) so the sentence uses one unit",
            ),
            location,
            provenance,
        )
