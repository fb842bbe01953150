"""What a document is about: year, stage (预算/决算), scope (部门/单位), coverage (本级/汇总) and
unit, read from the cover, the title and the contents, each with the evidence it was read from.

A cover prints the title in any order and over any number of lines ("2026 年度 / 福州市公安局治安
管理 / 支队 / 单位预算", "上海市2026年市级单位预算 / 预算单位：上海市审计局", "西安市人民政府办公厅
（汇总） / 2026年部门预算公开说明"); page numbers ("- 1 -"), dates, "附件2" and review stamps
(保密审查情况) are not part of it. What cannot be read stays empty, and the rules that need it
stay silent: a wrong year would make every year in the text look wrong.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from yusuan.read.stream import Block
from yusuan.text.spacing import squeeze

_YEAR = re.compile(r"((?:19|20)\d\d)\s*年度?")
# a year printed in Chinese digits ("二〇二六年度部门预算"), read as the Arabic year it is
_HAN_YEAR = re.compile(r"[〇○零一二][〇○零一二三四五六七八九]{3}(?=\s*年)")
_HAN_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")


def arabic_years(text: str) -> str:
    """``text`` with its years in Chinese digits written in Arabic ones: "二〇二六年" → "2026年"."""
    return _HAN_YEAR.sub(lambda m: m.group(0).translate(_HAN_DIGITS), text)


_STAGE_END = re.compile(r"(预算|决算)(公开)?(说明|报表|公开报表)?")
_LABEL = re.compile(
    r"^(预算主管部门|预算单位|编制单位|编制部门|部门名称|单位名称|预算部门|主管部门)\s*[:：]\s*(\S.*)$"
)
_NOT_COVER = re.compile(
    r"^(-\s*\d+\s*-|—\s*\d+\s*—|第?\s*\d+\s*页|\d+|附件\s*\d*|附表\s*\d*|(19|20)\d\d\s*年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?)$"
)
_STOP = re.compile(
    r"^(目\s*录|目$|录$|第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[)）])"
)
_STAMP = re.compile(r"(保密审查|审签|负责人|^否$|^是$)")
_COVERAGE = re.compile(r"[（(](本级|汇总)[)）]")
_TITLE_WORDS = re.compile(
    r"((?:19|20)\d\d\s*年度?|[（(](?:本级|汇总)[)）]|市级|区级|省级|县级|"
    r"(?:部门|单位)?(?:综合)?(?:预算|决算)(?:公开)?(?:说明|报表|公开报表)?)"
)


@dataclass
class Meta:
    year: int = 0
    stage: str = "预算"
    scope: str = ""
    coverage: str | None = None
    unit: str = ""
    title: str = ""
    evidence: dict[str, str] = field(default_factory=dict)


def _where(block: Block) -> str:
    page = block.provenance.page
    return f"第{page}页" if page else (f"第{block.provenance.line}行" if block.provenance.line else "开头")


def cover_lines(blocks: list[Block], limit: int = 14) -> tuple[list[Block], list[tuple[str, str, Block]]]:
    """The title lines of the cover (before the contents or the first numbered heading) and its
    labelled lines (预算单位：…)."""
    lines: list[Block] = []
    labels: list[tuple[str, str, Block]] = []
    first_page = next((b.provenance.page for b in blocks if b.kind != "grid"), None)
    for block in blocks[:60]:
        if block.kind == "grid":
            if lines:
                break
            continue
        text = squeeze(block.text)
        if not text:
            continue
        if block.provenance.page and first_page and block.provenance.page > first_page + 1:
            break
        if match := _LABEL.match(block.text.strip()):
            labels.append((match.group(1), squeeze(match.group(2)), block))
            continue
        if _NOT_COVER.match(text) or _STAMP.search(text):
            continue
        if _STOP.match(text):
            break
        if len(text) > 40:
            if lines:
                break
            continue  # running text before any title: not the cover
        lines.append(block)
        if len(lines) >= limit:
            break
    return lines, labels


def _title_of(lines: list[Block]) -> tuple[str, Block | None]:
    """The title: cover lines joined up to the first that ends the title (…预算, …决算公开), the
    lines after it repeating it in another order are not joined."""
    joined = ""
    for block in lines:
        joined += squeeze(block.text)
        if _STAGE_END.search(joined) and _YEAR.search(arabic_years(joined)):
            return joined, lines[0]
    # no year and stage together: the first line with a stage word, or all that was read
    for block in lines:
        if _STAGE_END.search(squeeze(block.text)):
            return squeeze(block.text), block
    return joined, lines[0] if lines else None


def unit_from_title(title: str) -> str:
    """The unit named in a title: the title less its year, stage and scope words."""
    unit = _TITLE_WORDS.sub("", arabic_years(title))
    unit = re.sub(r"^(关于|公开)|(的)$", "", unit)
    return unit.strip("：:，,、 ")


def read_meta(blocks: list[Block]) -> Meta:
    """Year, stage, scope, coverage and unit of the document, each with where it was read."""
    meta = Meta()
    lines, labels = cover_lines(blocks)
    title, at = _title_of(lines)
    meta.title = title
    where = _where(at) if at is not None else ""
    head = [b for b in blocks[:400] if b.kind != "grid"]

    if match := _YEAR.search(arabic_years(title)):
        meta.year = int(match.group(1))
        meta.evidence["year"] = f"封面/标题（{where}）：“{title}”"
    else:
        # the contents and the first headings: the year they name most often
        years = Counter(
            int(m.group(1)) for b in head[:80] for m in _YEAR.finditer(arabic_years(squeeze(b.text)))
        )
        years_with_budget = Counter(
            int(m.group(1))
            for b in head[:80]
            for m in re.finditer(
                r"((?:19|20)\d\d)年度?(?:部门|单位)?(?:综合)?(?:预算|决算)", arabic_years(squeeze(b.text))
            )
        )
        pick = years_with_budget or years
        if pick:
            meta.year, count = pick.most_common(1)[0]
            meta.evidence["year"] = f"目录和标题中最常出现的年份（{count} 处）"

    text_head = "".join(squeeze(b.text) for b in head[:60])
    if "决算" in title or ("决算" in text_head and "预算" not in title):
        meta.stage = "决算"
        meta.evidence["stage"] = f"标题含“决算”：“{title}”" if "决算" in title else "开头部分含“决算”"
    else:
        meta.evidence["stage"] = f"标题：“{title}”" if "预算" in title else "未见“决算”字样，按预算读"

    scope_match = re.search(r"(部门|单位)(?:综合)?(?:预算|决算)", title)
    if scope_match:
        meta.scope = scope_match.group(1)
        meta.evidence["scope"] = f"标题：“{title}”"
    else:
        counts = Counter(
            m.group(1) for m in re.finditer(r"(部门|单位)(?:综合)?(?:预算|决算|概况)", text_head)
        )
        if counts:
            meta.scope = counts.most_common(1)[0][0]
            meta.evidence["scope"] = f"开头部分“{meta.scope}预算/概况”出现 {counts[meta.scope]} 次"

    coverage = _COVERAGE.search(title) or next(
        (m for b in lines for m in [_COVERAGE.search(squeeze(b.text))] if m), None
    )
    if coverage:
        meta.coverage = coverage.group(1)
        meta.evidence["coverage"] = f"封面：“{coverage.group(0)}”"

    label = next((value for name, value, _ in labels if value), None)
    if label:
        meta.unit = _COVERAGE.sub("", label)
        meta.evidence["unit"] = next(f"封面“{n}：{v}”" for n, v, _ in labels if v == label)
    elif title:
        unit = unit_from_title(title)
        if len(unit) >= 2 and not re.fullmatch(r"[\u4e00-\u9fa5]{2,3}[省市区县]", unit):
            meta.unit = unit
            meta.evidence["unit"] = f"封面/标题（{where}）：“{title}”"
    return meta
