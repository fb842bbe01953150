"""Wording: who the document speaks for, and items that copy their neighbour.

A 单位预算 speaks of itself as 本单位; a text that calls itself 本部门 or "2026年部门预算" was
copied from a 部门 template (wording.W010). The unit named in the text ("编制单位：…", "XX局2026年
部门预算") is the unit of the cover (wording.W011). An item of a list whose purpose or reason is
the neighbouring item's, word for word and naming that item's subject, was copied (wording.W012).

The reverse of W010 is not a finding: 部门 documents call themselves 本单位 or 我单位 as a matter
of template (深圳's 部门预算 in every 机关运行经费 paragraph, 西安's, 泉州's), so a 部门 document
that says 本单位 tells a reader nothing wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from yusuan.check.context import CheckContext, normalised
from yusuan.check.finding import Hint, Location
from yusuan.check.places import TextPlace, inside_title, paragraph_provenance, sentence_at
from yusuan.check.registry import rule
from yusuan.check.reporter import Reporter
from yusuan.lexicon import PLACEHOLDER, REASON
from yusuan.model.document import Claim, Provenance, Section
from yusuan.text.units import PLACE, clean_name, same_unit

# ---------------------------------------------------------------------------------- W010 部门 in a 单位 document

# Words that only a 部门 says of itself. "部门预算" alone is also the name of the system (部门预算
# 公开, 部门预算经济分类, 部门预算编制), and 部门 names other bodies (主管部门, 有关部门, 财政部门,
# 宣传部门): only 本部门/我部门 and a year (or 本年/当年) followed by 部门预算/部门收支… at the start
# of a clause speak of the document's own budget ("2026年部门预算安排购置车辆0辆").
_CLAUSE_START = r"(?:(?<=^)|(?<=[。；;，,：:\s（(]))"
_SYSTEM_AFTER = r"(?!编制|公开|管理|改革|批复|工作|口径|制度|要求|通知|规定|办法|支出经济分类|经济分类)"
_DEPT_SELF = re.compile(
    rf"本部门|我部门|{_CLAUSE_START}(?:(?:19|20)[0-9]{{2}}|本|今|当)年度?部门(?:综合)?"
    rf"(?:预算|决算|收入|支出|收支|财务收支|财政拨款){_SYSTEM_AFTER}"
)
# A heading of the 部门 template: "部门主要职责", "2026年度部门主要工作任务及目标", "XX（部门）主要职能".
_DEPT_HEADING = re.compile(
    r"^(?:(?:19|20)[0-9]{2}\s*年度?\s*)?部门(?=主要职能|主要职责|职能|职责|机构设置|基本情况|概况|"
    r"主要工作任务|工作任务|预算编制说明|预算单位构成|决算单位构成)|（部门）(?=主要职能|主要职责|机构设置)"
)
_UNIT_TITLE = re.compile(r"单位(?:综合)?(?:预算|决算)")
# The first places are listed, then one line with the count (a whole 部门 template copied).
_SHOWN = 3


def _own_texts(ctx: CheckContext) -> Iterator[tuple[str, bool, Location, TextPlace]]:
    """The document's own words: section headings and paragraphs, and table notes (not the tables'
    titles and headers, where 部门预算 is the system's name, nor performance forms, which the
    主管部门 writes). Each with whether it is a heading."""
    for section in ctx.sections():
        yield section.title, True, Location(section=section.heading), TextPlace(None)
        for paragraph in section.paragraphs:
            place = TextPlace(paragraph_provenance(section, paragraph), section)
            yield paragraph, False, Location(section=section.heading), place
    for table in ctx.document.tables:
        if table.note:
            where = Location(table=table.title, table_key=table.key, row="注")
            yield table.note, False, where, TextPlace(None)


@rule(
    "wording.W010",
    "单位预算的说明不应以“部门”自称",
    "A 单位 budget does not call itself a 部门",
    "单位预算（标题称“单位预算”）的说明应称“本单位”“单位预算”；写成“本部门”“2026年部门预算安排…”"
    "或“部门主要职责”的，多是沿用部门预算模板未改，读者会误以为公开的是含所属单位的部门预算。"
    "“主管部门”“有关部门”“财政部门”等指其他机关，“部门预算公开”“部门预算经济分类”是制度名称，均不在此列。"
    "部门预算称“本单位”在各地模板中普遍（如深圳、西安），不作提示。",
)
def dept_words_in_unit(ctx: CheckContext, report: Reporter) -> None:
    document = ctx.document
    title = normalised(document.title)
    said = _UNIT_TITLE.search(title)
    if document.scope != "单位" or said is None:
        return
    found: list[tuple[str, Location, Provenance | None]] = []
    for text, heading, location, place in _own_texts(ctx):
        norm = normalised(text or "")
        if heading:
            match = _DEPT_HEADING.search(norm)
            if match:
                found.append((match.group(0) or "部门", Location(section=location.section), place.provenance))
            continue
        for match in _DEPT_SELF.finditer(norm):
            if inside_title(norm, match.start()):
                continue  # a cited document: 《关于做好2026年部门预算公开工作的通知》
            sentence = sentence_at(norm, match.start())
            found.append(
                (
                    match.group(0),
                    Location(
                        table=location.table,
                        table_key=location.table_key,
                        row=location.row,
                        section=location.section,
                        sentence=sentence,
                    ),
                    place.of(text or "", match.start(), normalised_at=True),
                )
            )
    for word, location, provenance in found[:_SHOWN]:
        where = location.sentence or location.section or ""
        report(
            f"标题为“{said.group(0)}”，说明中却以部门自称“{word}”：{where[:80]}",
            f"the title says {said.group(0)} (a unit), the text calls itself a department ({word}): {where[:80]}",
            Hint(
                "改为“本单位”“单位预算”等；沿用部门预算模板时逐处核改",
                "Write “本单位”, “单位预算” and so on; if the department template was used, revise it place by place",
            ),
            location,
            provenance,
        )
    if len(found) > _SHOWN:
        word, location, provenance = found[0]
        report(
            f"说明中以部门自称共 {len(found)} 处（以上列出前 {_SHOWN} 处）：可能整段沿用了部门预算模板",
            f"the text calls itself a department {len(found)} times (the first {_SHOWN} listed): "
            "the department template may have been copied",
            Hint("逐处改为“本单位”“单位预算”", "Change each to “本单位” or “单位预算”"),
            location,
            provenance,
        )


# ---------------------------------------------------------------------------------- W011 the unit's name

# "编制单位：上海市数据局 单位：元", "部门名称：西安市安全生产监督管理局": the name runs to a space, the
# next label, a figure or punctuation.
_NAME = r"[\u4e00-\u9fff（）()]"
_LABEL = re.compile(
    r"(?P<label>编制单位|编制部门|预算单位|预算部门|单位名称|部门名称|填报单位)[：:]\s*"
    rf"(?P<name>{_NAME}{{3,40}}?)(?=\s|金额单位|单位[：:]|[0-9]|[，。；,;]|$)"
)
# In a 部门 document a table may list its units by 单位名称 / 预算单位: only the labels that name the
# document's issuer count there.
_ISSUER_LABELS = frozenset({"编制单位", "编制部门", "预算部门", "部门名称", "填报单位"})
# What a unit's name ends with.
_ORGAN = (
    r"(?:局|委员会|委|办公室|办公厅|厅|院|中心|总队|支队|大队|队|所|站|馆|部|处|室|会|校|场|团|社|台|署|办)"
)
_YEAR = r"(?:19|20)[0-9]{2}年度?"
_COVERAGE = r"(?:[（(](?:本级|汇总)[）)])?"


@dataclass
class _Named:
    name: str
    how: str  # how the text names it, for the message
    location: Location
    provenance: Provenance | None


def _named_units(ctx: CheckContext) -> Iterator[_Named]:
    """Every place the document names the unit it is about: 编制单位 labels, "XX局2026年部门预算"
    (the document's own kind of budget, so that a 部门's list of its 单位预算 and a 单位's parent 部门预算
    are not read as itself), and the signature."""
    document = ctx.document
    nowhere = TextPlace(None)
    texts: list[tuple[str, Location, TextPlace]] = []
    for section in ctx.sections():
        texts.append((section.title, Location(section=section.heading), nowhere))
        texts += [
            (p, Location(section=section.heading), TextPlace(paragraph_provenance(section, p), section))
            for p in section.paragraphs
        ]
    for table in document.tables:
        where = Location(table=table.title, table_key=table.key)
        texts.append((table.title, where, nowhere))
        if table.note:
            texts.append((table.note, where, nowhere))
        headers = {cell.text for row in table.header for cell in row if cell.text}
        texts += [(text, where, nowhere) for text in sorted(headers)]
    labels = _ISSUER_LABELS if document.scope == "部门" else None
    place = PLACE.match(document.unit_name)
    own_kind = None
    if place and document.scope in ("部门", "单位"):
        area = re.escape(place.group(1))
        kind = rf"{document.scope}(?:综合)?(?:预算|决算)"
        own_kind = re.compile(
            rf"(?P<a>{area}{_NAME}{{1,30}}?{_ORGAN}){_COVERAGE}{_YEAR}{kind}"
            rf"|{_YEAR}(?:中共)?(?P<b>{area}{_NAME}{{1,30}}?{_ORGAN}){_COVERAGE}{kind}"
        )
    for text, location, place_of in texts:
        norm = normalised(text or "")
        for match in _LABEL.finditer(norm):
            if labels is not None and match.group("label") not in labels:
                continue
            yield _Named(
                match.group("name"),
                f"{match.group('label')}：{match.group('name')}",
                _at(location, sentence_at(norm, match.start())),
                place_of.of(text or "", match.start(), normalised_at=True),
            )
        if own_kind is None or place is None:
            continue
        for match in own_kind.finditer(norm):
            if inside_title(norm, match.start()):
                continue
            name = match.group("a") or match.group("b")
            name = name[name.rfind(place.group(1)) :]  # glued to what comes before: from the last area
            at = place_of.of(text or "", match.start(), normalised_at=True)
            yield _Named(name, match.group(0), _at(location, sentence_at(norm, match.start())), at)
    issuer = normalised(document.issuer or "").strip()
    if issuer and PLACE.match(issuer) and re.search(rf"{_ORGAN}$", issuer):
        yield _Named(issuer, f"落款“{issuer}”", Location(section="落款", sentence=issuer), None)


def _at(location: Location, sentence: str) -> Location:
    return Location(
        table=location.table, table_key=location.table_key, section=location.section, sentence=sentence
    )


@rule(
    "wording.W011",
    "文中写明的编制单位应与封面一致",
    "The unit the text names is the unit of the cover",
    "封面（标题）写明公开主体；表头“编制单位：…”“部门名称：…”、说明中“XX局2026年部门预算”和落款所写的单位应是同一单位。"
    "写成另一单位的名称（如卫生健康委员会的文件中出现“XX区民政局2026年部门预算”），多是套用其他单位的文本未改。"
    "简称（市科技局）、本级/汇总的标注、上级部门的名称和部门所属单位的名称不在此列。",
)
def unit_name_as_cover(ctx: CheckContext, report: Reporter) -> None:
    document = ctx.document
    unit = document.unit_name
    if not unit or PLACEHOLDER.search(unit) or "unit" not in document.evidence:
        return
    said: set[str] = set()
    for named in _named_units(ctx):
        name = clean_name(named.name)
        if len(name) < 4 or PLACEHOLDER.search(name) or same_unit(name, unit) or name in said:
            continue
        said.add(name)
        cover = document.evidence.get("unit", "封面")
        report(
            f"文中写明的单位是“{name}”（{named.how}），封面为“{unit}”（{cover}）",
            f"the text names the unit “{name}” ({named.how}), the cover names “{unit}”",
            Hint(
                "核对单位名称；套用其他单位的文本时改为本单位名称",
                "Check the unit name; where another unit's text was reused, put in this unit's name",
            ),
            named.location,
            named.provenance,
        )


# ---------------------------------------------------------------------------------- W012 a neighbour's explanation

# A numbered item: at a paragraph's start or after a sentence.
_ITEM = re.compile(
    r"(?:^|(?<=[。；;\n]))\s*(?:[0-9]{1,2}[.．、](?![0-9])|[（(][0-9一二三四五六七八九十]{1,3}[）)]"
    r"|[一二三四五六七八九十]+、|[①-⑳])"
)
_SENTENCE_END = re.compile(r"[。；;\n]")
_CLAUSE_LEAD = re.compile(r"^[是为系：:，,\s]+")


@dataclass
class _Item:
    text: str
    subject: str
    parent: str | None
    claim: Claim
    clauses: list[tuple[str, str]]  # (purpose | reason, the words after 用于 / 原因是)


def _class_names(ctx: CheckContext) -> set[str]:
    """Names printed beside a classification code in the tables (行政运行, 城管执法 …)."""
    names = set()
    for table in ctx.document.tables:
        for row in table.rows:
            if row.code:
                label = ctx.row_label(table, row)
                names.add(re.sub(r"^[0-9]+\s*", "", label).strip())
    return names


def _items(section: Section, classes: set[str]) -> list[_Item]:
    """The numbered items of a section that explain a classification (its name marked （项） or with a
    code, or printed beside a code in a table), with the purposes and reasons each gives."""
    text = "\n".join(normalised(p) for p in section.paragraphs)
    starts = [m.start() for m in _ITEM.finditer(text)]
    if not starts:
        return []
    bounds = list(zip(starts, [*starts[1:], len(text)], strict=True))
    first: list[Claim | None] = [None] * len(bounds)
    cursor = 0
    for claim in section.claims:
        at = text.find(claim.sentence, cursor)
        if at < 0:
            continue
        cursor = at
        for index, (start, end) in enumerate(bounds):
            if start <= at < end:
                if first[index] is None and claim.subject:
                    first[index] = claim
                break
    items = []
    for (start, end), head in zip(bounds, first, strict=True):
        if head is None or head.subject is None:
            continue
        body = text[start:end]
        subject = head.subject
        if not (head.code or f"{subject}（项）" in body or f"{subject}(项)" in body or subject in classes):
            continue
        clauses = []
        for match in REASON.finditer(body):
            stop = _SENTENCE_END.search(body, match.end())
            clause = _CLAUSE_LEAD.sub("", body[match.end() : stop.start() if stop else len(body)])
            clause = clause.rstrip("，,。 ")
            kind = "purpose" if "用于" in match.group(0) else "reason"
            if len(clause) >= 4:
                clauses.append((kind, clause))
        items.append(_Item(body, subject, head.parent, head, clauses))
    return items


def _names(clause: str, subject: str, parents: set[str]) -> bool:
    """Whether ``clause`` names ``subject`` other than inside a parent's name that contains it
    (行政事业单位医疗 contains 事业单位医疗)."""
    for parent in parents:
        if subject in parent and parent != subject:
            clause = clause.replace(parent, "□" * len(parent))
    return subject in clause


@rule(
    "wording.W012",
    "一项的用途或原因不应照抄另一项",
    "An item's purpose or reason is not copied from another item",
    "逐项说明支出用途和增减原因时，一项的用途（“主要用于…”）或原因（“主要原因是…”）与另一项一字不差、"
    "且写的是那一项的名称而没有本项的名称，多是复制上一项后漏改（如“城管执法（项）…主要用于城乡社区管理事务"
    "一般行政管理事务”）。不同科目共用的说明（“新增人员，人员经费相应增加”“保障机构正常运转”）不写任何一项的名称，不在此列。",
)
def copied_explanation(ctx: CheckContext, report: Reporter) -> None:
    classes = _class_names(ctx)
    for section in ctx.sections():
        items = _items(section, classes)
        for copy in items:
            for source in items:
                names = _distinct(source, copy)
                if source is copy or names is None or _nested(source.claim.code, copy.claim.code):
                    continue
                theirs, mine = names
                parents = {p for p in (source.parent, copy.parent) if p}
                same = [
                    (kind, clause)
                    for kind, clause in copy.clauses
                    if (kind, clause) in source.clauses
                    and _names(clause, theirs, parents)
                    and not _names(clause, mine, parents)
                ]
                if not same:
                    continue
                kind, clause = same[0]
                what = "用途" if kind == "purpose" else "原因"
                location, provenance = ctx.at_claim(section, copy.claim)
                at = copy.text.find(clause)
                sentence = sentence_at(copy.text, at) if at >= 0 else copy.claim.sentence
                report(
                    f"“{mine}”一项的{what}与“{theirs}”一项相同，写的是后者的名称：{clause[:60]}",
                    f"the {kind} given for “{mine}” is that of “{theirs}”, naming the latter: {clause[:60]}",
                    Hint(
                        f"按“{mine}”本身的用途和增减原因改写",
                        f"Rewrite it with the purpose and the reason for the change of “{mine}” itself",
                    ),
                    Location(section=location.section, sentence=sentence),
                    provenance,
                )
                break


def _nested(one: str | None, other: str | None) -> bool:
    """Two codes of which one is under the other: a 项 may give its 款's reason, naming the 款
    ("临时救助（20820）…预计2021年临时救助人数减少" and its one 项 "流浪乞讨人员救助支出（2082002）",
    xian/05 2021 p.26)."""
    return bool(one and other and (one.startswith(other) or other.startswith(one)))


def _distinct(source: _Item, copy: _Item) -> tuple[str, str] | None:
    """The names that tell two items apart, the source's and the copy's: their subjects, or, for
    the same 项 under two 款 (一般行政管理事务 of 群众团体事务 and of 组织事务), their 款; None where
    one name contains the other (污水处理服务费, 污水处理服务费（政府性基金）) or nothing tells them apart."""

    def apart(a: str | None, b: str | None) -> bool:
        return bool(a and b and a not in b and b not in a)

    if apart(source.subject, copy.subject):
        return source.subject, copy.subject
    if source.subject == copy.subject and apart(source.parent, copy.parent):
        return f"{source.parent}", f"{copy.parent}"
    return None
