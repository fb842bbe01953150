"""Dates and periods: project periods in the budget year, "as of" dates not after the document's
date, and the document's date near its budget year."""

from __future__ import annotations

import calendar
import re
from datetime import date

from yusuan.check.context import CheckContext, normalised
from yusuan.check.finding import Hint, Location
from yusuan.check.places import paragraph_provenance
from yusuan.check.projects import note_location
from yusuan.check.registry import rule
from yusuan.check.reporter import Reporter

_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s*年")
# 截至2024年底, 截止2022年12月31日, 截至 2023 年 6 月末
_AS_OF = re.compile(
    r"(?:截至|截止)(?:到|至)?\s*(?P<y>(?:19|20)[0-9]{2})\s*年\s*"
    r"(?:(?P<m>[0-9]{1,2})\s*月\s*(?:(?P<d>[0-9]{1,2})\s*日|底|末)?|底|末|年底|年末)?"
)


def _as_of(match: re.Match[str]) -> date | None:
    year = int(match.group("y"))
    month = int(match.group("m")) if match.group("m") else 12
    if not 1 <= month <= 12:
        return None
    day = int(match.group("d")) if match.group("d") else calendar.monthrange(year, month)[1]
    try:
        return date(year, month, day)
    except ValueError:
        return None


@rule(
    "date.E001",
    "项目资金执行时间应在预算年度内",
    "A project's period lies in the budget year",
    "年度预算安排的项目资金在预算年度内执行；说明中的“资金执行时间”（实施周期）不含预算年度"
    "（如 2024 年预算写“2023 年 1-12 月”），多为沿用上年文本未改。跨年度项目的期间只要包含预算年度即可。",
)
def project_period_in_year(ctx: CheckContext, report: Reporter) -> None:
    for note in ctx.document.projects:
        if not note.period:
            continue
        years = sorted({int(y) for y in _YEAR.findall(normalised(note.period))})
        if not years or years[0] <= ctx.year <= years[-1]:
            continue
        location, provenance = note_location(ctx, note, "资金执行时间")
        if location.sentence is None or note.period.strip() not in location.sentence:
            location, provenance = note_location(ctx, note, "实施周期")
        shown = "、".join(str(y) for y in years)
        report(
            f"项目“{note.name}”：资金执行时间为“{note.period.strip()}”（{shown} 年），不在预算年度 "
            f"{ctx.year} 年内",
            f"project {note.name}: its period “{note.period.strip()}” ({shown}) is outside the budget "
            f"year {ctx.year}",
            Hint(
                f"改为预算年度的期间，如“{ctx.year}年1-12月”",
                f"Use a period within the budget year, e.g. “{ctx.year}年1-12月”",
            ),
            location,
            provenance,
        )


@rule(
    "date.W001",
    "“截至”日期不应晚于文件日期",
    "An “as of” date is not after the document's date",
    "资产等情况“截至某日”的数字只能在该日之后才知道；文件落款日期早于“截至”日期（如 2024 年 2 月的文件写"
    "“截至2024年底”），说明日期写错或沿用了模板。只在文件有落款日期时检查。",
)
def as_of_not_after_document(ctx: CheckContext, report: Reporter) -> None:
    dated = ctx.document.date
    if dated is None:
        return
    for section in ctx.sections():
        for paragraph in [section.title, *section.paragraphs]:
            text = normalised(paragraph)
            for match in _AS_OF.finditer(text):
                as_of = _as_of(match)
                if as_of is None or as_of <= dated:
                    continue
                sentence = next(
                    (s for s in re.split(r"(?<=[。；;！？])", text) if match.group(0) in s), text
                ).strip()
                report(
                    f"正文“{match.group(0)}”（{as_of.isoformat()}）晚于文件日期 {dated.isoformat()}",
                    f"the text says “{match.group(0)}” ({as_of.isoformat()}), after the document's date "
                    f"{dated.isoformat()}",
                    Hint(
                        f"改为文件日期之前的时点（通常为上年末，如“截至{dated.year - 1}年12月31日”），或核对文件日期",
                        "Give a date before the document's date (usually the end of last year, e.g. "
                        f"“截至{dated.year - 1}年12月31日”), or check the document's date",
                    ),
                    Location(section=section.heading, sentence=sentence),
                    paragraph_provenance(section, paragraph),
                )


@rule(
    "date.W002",
    "文件日期应在预算年度或其上一年",
    "The document's date is in the budget year or the year before",
    "预算在预算年度开始前后批复并公开（通常为当年一至三月），文件日期既不在预算年度也不在上一年，"
    "多为年份笔误或沿用旧文件。",
)
def document_date_near_year(ctx: CheckContext, report: Reporter) -> None:
    dated = ctx.document.date
    if dated is None or dated.year in (ctx.year, ctx.year - 1):
        return
    report(
        f"文件日期 {dated.isoformat()} 不在预算年度 {ctx.year} 年或其上一年（{ctx.year - 1} 年）",
        f"the document is dated {dated.isoformat()}, neither in the budget year {ctx.year} "
        f"nor in {ctx.year - 1}",
        Hint("核对文件落款日期与预算年度", "Check the date the document is signed against the budget year"),
        Location(section="落款", sentence=dated.isoformat()),
    )
