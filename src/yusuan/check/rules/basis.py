"""What a change is measured against: in a budget for year Y, the year before.

prior.E005: "比2023年预算增加…" in a 2025 budget compares with the wrong year (a sentence carried
over from an older text, or a typo of the year). In final accounts (决算) of year Y the year's own
年初预算 and the year before are both bases. (Whether the base is 上年预算 or 上年执行数 throughout:
prior.W001.)
"""

from __future__ import annotations

import re

from yusuan.check.context import CheckContext, normalised
from yusuan.check.finding import Hint, Location
from yusuan.check.places import place_in_paragraph, sentence_at
from yusuan.check.registry import rule
from yusuan.check.reporter import Reporter
from yusuan.lexicon import COMPARED_YEAR, DIRECTION_WORD, FLAT_WORD

# the comparison is of money: a change or flat word, then an amount or percent, in the clause after it
_CHANGE_AFTER = re.compile(
    rf"^[^。；;]{{0,24}}?(?:相比|比较)?[，,]?(?:{DIRECTION_WORD.pattern})了?[0-9]"
    rf"|^[^。；;]{{0,24}}?(?:{FLAT_WORD.pattern})"
)


def allowed_years(ctx: CheckContext) -> set[int]:
    """The years a change may be measured against: Y−1; in final accounts also Y (年初预算)."""
    return {ctx.year - 1, ctx.year} if ctx.document.stage == "决算" else {ctx.year - 1}


@rule(
    "prior.E005",
    "增减应与上年比较",
    "A change is measured against the year before",
    "Y年预算的增减变化应与Y−1年比较（上年预算或上年预算执行数）；“比2023年预算增加”出现在2025年预算中，"
    "是沿用旧文本或年份笔误。决算中与本年年初预算、上年决算比较均可。只在比较之后紧接增减额、百分比或“持平”时报告。",
)
def compared_with_the_year_before(ctx: CheckContext, report: Reporter) -> None:
    allowed = allowed_years(ctx)
    for section in ctx.sections():
        for raw in section.paragraphs:
            text = normalised(raw)
            for match in COMPARED_YEAR.finditer(text):
                year = int(match.group("year"))
                if year in allowed or not _CHANGE_AFTER.search(text[match.end() :]):
                    continue
                sentence = sentence_at(text, match.start())
                expected = "、".join(f"{y}年" for y in sorted(allowed))
                report(
                    f"“{match.group(0)}”：{ctx.year}年{ctx.document.stage}应与{expected}比较，此处与{year}年比较：{sentence[:80]}",
                    f"'{match.group(0)}': a {ctx.year} budget compares with {', '.join(map(str, sorted(allowed)))}, "
                    f"this compares with {year}: {sentence[:80]}",
                    Hint(
                        "核对比较年度与比较数；沿用旧文本时改为上年数重新计算增减",
                        "Check the comparison year and figures; where an old text was reused, recompute the change from last year's figures",
                    ),
                    Location(section=section.heading, sentence=sentence),
                    place_in_paragraph(section, text, match.start()),
                )
