"""Numbers stated in the explanatory text, and what each one is about (:class:`Claim`).

One mechanism, applied to one paragraph at a time:

1. **Normalise** a copy of the text (:func:`normalise`): full-width digits and ``％`` become ASCII,
   and the stray spaces a PDF or Word conversion leaves between Chinese characters and figures
   ("2024 年", "17981.68 万 元") are removed. A space between two ASCII characters stays, so
   "1. 30万元" is not read as 1.30. Claims quote this copy: ``text`` and ``sentence`` are
   normalised, and ``text`` is always a substring of ``sentence``.
2. **Split into sentences** at 。；;！？ and line ends (not inside brackets).
3. **Tokenise numbers** and read the unit printed right after each: 万元/元/亿元/千元 (an
   *amount*), ``%`` and 个百分点 (a *percent* or *share*), 平方米/亩/公顷 (an *area*), 人/辆/个/套/台/项/人次
   … (a *count*). A number printed with no unit is a claim only after a label ending in 数
   ("编制数45": a count without unit). Not claims: years and dates (2024年, 1-12月), document
   numbers (〔2013〕124号, 【2016】168号), numbers inside 《》, list numbers ("1.", "（2）"),
   classification codes (kept as ``code`` instead), targets after ``>= <= ≥ ≤ 不低于 …``,
   thresholds followed by 以上/以下/以内 ("单位价值50万元以上大型设备"), and ordinals (第1).
4. **Read the context** before each number, in its clause (clauses end at ，：, and at the
   previous claim):

   * a direction word right before it (增加/减少/增长/下降/上涨/上升/降低, as written; 小于/少于/
     低于 read as 减少 and 大于/多于/高于/超过 as 增加): an amount, count or area becomes a
     *change* with that direction; a percent keeps kind *percent* and gets the direction;
   * 占 … before a percent: a *share*; what it is a share of ("占“三公”经费的18.85%") is its
     ``basis``; "完成年初预算的95.45%" is a *percent* with basis 年初预算;
   * a comparison (比X, 较X, 与X相比, 同比) sets the ``basis`` of the changes and percents after
     it, in the sentence and in the paragraph's following sentences: years and 上一年度/去年 read
     as 上年, 当年 and parentheticals are dropped, and a trailing 数 after 预算/决算 is dropped —
     "比上年预算" → 上年预算, "比2022年预算执行数" → 上年预算执行数, "与上年相比" → 上年;
   * a flat comparison with no figure ("与上年预算数相等", "比2022年预算持平", "与上年预算一致")
     is a *change* of value 0, direction 持平, ``unit`` None, and ``text`` the word printed
     (持平/相等/一致 …); flats inside a reason ("主要原因是…与去年一致") are not claims;
   * an amount stated for an earlier period ("2022年当年预算执行数为1.48万元", "年初预算为
     54.53万元") keeps kind *amount* and gets that period as its ``basis`` (上年预算执行数,
     年初预算): an amount with a basis is the comparison figure, not this year's.
5. **The subject** is the noun phrase between the clause start (or the previous claim) and the
   number's cue (its direction word, comparison or 占), cleaned: list numbers, 其中/包括, a
   leading classification code (which becomes ``code``: "2010301 行政运行" → code 2010301,
   subject 行政运行) or one in brackets after the name ("气象服务（2200509）", "工资福利支出(301)";
   a bracketed code of another length is a misprint, cut from the name but not kept), years and period words (本年/当年/年初), and trailing verbs and generic
   words (为, 是, 合计, 预算数, 价值, 涉及金额 …) are removed; where a year splits the phrase the
   last meaningful part wins ("行政单位医疗 2024 年预算数为" → 行政单位医疗, "…党政办公室 2024
   年支出预算" → 支出预算), and the document's own unit named at the start is cut: its name in
   full or without its leading areas (苏州市审计局, 市审计局, 审计局) or 本部门/我局/市局 ….
   A phrase naming a classification with （类）（款）（项） markers gives the deepest name: the text
   after the last marker, or else the name marked last — "“一般公共服务支出（类）统计信息事务
   （款）统计管理（项）”" → 统计管理, "一般公共服务（类）行政运行" → 行政运行. The rest of the
   hierarchy is not kept. When nothing meaningful is left ("比上年预算减少13.18万元", "占
   80.41%", "价值476.53万元"), the subject (and code) is inherited: from the previous claim in
   the sentence, else from a preceding clause of the sentence that holds no claim ("1.
   一般公共服务(类)行政运行:2024年预算数为939.99万元"), else from the paragraph's last claim,
   else from the title of a numbered item ("1、…行政单位离退休（项）。…年初预算为54.53万元");
   else it is None. Subjects never cross paragraphs.

Deterministic: no network, no model. The reader returns what the document prints, right or
wrong; the checker judges it.

The module is longer than most (~700 lines, a tenth of them this description) because it is one
grammar: the patterns above and the passes that apply them to a paragraph share the masked text and
its positions, and read as one piece.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Final

from yusuan.lexicon import COMPARATIVE, DIRECTION_WORD, FLAT_WORD, RATE_WORDS, REASON, alternation
from yusuan.model.document import Claim, ClaimKind, Provenance
from yusuan.text.spacing import squeeze

__all__ = ["extract_claims", "extract_claims_at", "normalise", "normalise_basis", "parse_claim_text"]

_CJK: Final = "\u3400-\u9fff"
_FULLWIDTH: Final = str.maketrans("０１２３４５６７８９％", "0123456789%")

# --- numbers and units --------------------------------------------------------------------------

_NUMBER = re.compile(
    r"(?<![0-9A-Za-z.,])(?P<sign>[-−－](?=[0-9]))?(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)(?![0-9])"
)
_MONEY_UNITS: Final = ("亿元", "万元", "千元", "元", "万")
_AREA_UNITS: Final = ("平方米", "平米", "㎡", "亩", "公顷")
_UNIT = re.compile(
    rf"(?P<unit>亿元|万元|千元|元|万(?![{_CJK}])|%|‰|个百分点|百分点|平方米|平米|㎡|亩|公顷|人次|批次"
    r"|台（套）|台\(套\)|台/套|人(?![员民口数])|辆|个|套|台|项(?!目)|家(?!庭)|所|名(?![称单])"
    r"|户|件|次(?!数)|种|批|座|栋|处(?!室))"
)
_THRESHOLD_AFTER = re.compile(r"(?:（含）|\(含\))?(?:以上|以下|以内)")
_TARGET_BEFORE = re.compile(r"(?:[<>≤≥＜＞=]|不低于|不少于|不超过|不高于|不大于|不小于|第)$")
_COUNT_LABEL = re.compile(r"数(?:为|是|[:：])?$")
_TITLE_BRACKETS: Final = "〔【《["
_BRACKETS: Final = {"（": "）", "(": ")", "〔": "〕", "【": "】", "《": "》", "[": "]"}
_MASK: Final = "□"

# --- context words ------------------------------------------------------------------------------

_DIRECTION_WORDS: Final = DIRECTION_WORD.pattern
_COMPARATIVE: Final = COMPARATIVE
_FLAT_WORDS: Final = FLAT_WORD.pattern
# A direction word right before the number: "下降9.56%", "增加了3人", "下降（增长）27.78%".
_DIRECTION_BEFORE = re.compile(
    rf"(?P<dir>{_DIRECTION_WORDS})了?(?:[（(]{_MASK}*[）)])?(?:率|幅度)?(?:为|是|达|约)?$"
)
# "增幅283.59%", "降幅为5.2%": a rate named by its direction
_RATE_BEFORE = re.compile(rf"(?P<rate>{alternation(list(RATE_WORDS))})(?:为|是|达|约)?$")
# "本年数小于上年预算数29.65万元": the verb, then what it compares with, then the number ("不少于…的
# 90%" is a target's bound, not a change).
_COMPARATIVE_BEFORE = re.compile(
    rf"(?<!不)(?P<verb>{'|'.join(_COMPARATIVE)})(?P<basis>[^，,：:{_MASK}]{{1,20}}?)(?:为|是)?$"
)
# Comparisons whose basis applies to the changes after them.
_COMPARISON = re.compile(
    rf"(?:(?<![占对相无])比|(?<![比相])较)(?!例|重|率|较)(?P<b1>[^，,。；;：:]{{1,30}}?)(?=(?:{_DIRECTION_WORDS}|{_FLAT_WORDS}))"
    rf"|(?:与|同|和)(?P<b2>[^，,。；;：:与同和]{{1,30}}?)(?:相比|相较|比较|对比)"
    r"|(?P<yoy>同比)"
)
_FLAT = re.compile(
    rf"(?:与|同|和|较|比)(?P<b>[^，,。；;：:与同和]{{1,30}}?)(?P<flat>{_FLAT_WORDS})"
    r"|(?P<flat2>等于)(?P<b2>[^，,。；;：:]{1,30}?)(?=[，,。；;]|$)"
)
_BASIS_WORDS = re.compile(r"年|预算|决算|执行数|同期|上一度|上期")
_REASON = REASON
_SHARE_BEFORE = re.compile(rf"占(?![用有])(?:比)?(?P<b>[^占{_MASK}]*?)的?(?:为|是|达)?$")
# "完成年初预算的95.45%": a percent of what it names
_OF_BEFORE = re.compile(rf"完成(?P<b>[^，,{_MASK}]+?)的$")
# "2016年度部门支出预算安排为": a period, a few words naming what (部门支出), then the kind of figure;
# or "较上年的": the amount compared with is the prior year's
_PRIOR_AMOUNT = re.compile(
    r"(?P<p>(?:(?P<y>[0-9]{4})年度?|上一?年度?|去年|年初)(?:当年)?[^，,。；;:：（）()0-9]{0,12}?"
    r"(?:预算执行数|执行数|预算数|预算安排|预算|决算数|决算|实际支出|支出决算))(?:为|是|[:：])?$"
    r"|(?:较|比|与)(?P<p2>上一?年度?|去年)(?:同期)?的$"
)
_CLAUSE_END = re.compile(r"[，,：:]")
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")

# --- subject cleaning ---------------------------------------------------------------------------

_LEAD = re.compile(
    r"^(?:[\s，,、；;：:。．.）)】\]]|[0-9]{1,2}[.．、](?![0-9])|[（(][0-9]{1,2}[）)]"
    r"|[（(][一二三四五六七八九十]+[）)]、?|[一二三四五六七八九十]+、|[①-⑳]"
    r"|其中|主要包括|包括|此外|另外|以及|含|主要用于)+"
)
_CODE = re.compile(
    rf"^[（(\[【]?(?P<code>[0-9]{{7}}|[0-9]{{5}}|[0-9]{{3}})[）)\]】]?\s*[-－—]?\s*(?=[{_CJK}“])"
)
# "机关事业单位基本养老保险缴费支出(2080505)", "气象服务（2200509）": a code printed after the name
# (a 6-digit one is a misprint: cut from the name, not kept as the code)
_CODE_AFTER = re.compile(r"\s*[（(\[【](?P<code>[0-9]{3,7})[）)\]】]\s*$")
_LEVEL = re.compile(r"[（(](?:类|款|项)[）)]")
_YEAR = re.compile(r"[0-9]{4}年度?")
_PERIOD_LEAD = re.compile(r"^(?:本年度|本年|当年|今年|全年|年初|年度|的)+")
_TRAIL = re.compile(r"(?:为|是|达|约|各|了|的|和|及|与|[:：])$")
_TOTAL_TRAIL = re.compile(r"(?:合计|总计|共计|小计|累计|价值)$")
_DIRECTION_TRAIL = re.compile(rf"(?:{_DIRECTION_WORDS}|{_FLAT_WORDS})$")
# How a text names its own unit before a subject ("本部门机关运行经费", "我局…", "市局停车设施",
# "局机关…"); the unit's name itself comes from the document (see _own_names). A bare 局/委/办 is
# not cut: it starts item names too (局域网建设, 委托业务费, 办公费).
_SELF = (
    r"(?:本|我)(?:部门|单位|机关|局|委|院|厅|办|中心|署|支队|大队|队|处|所|校|会|站)"
    r"|[市省区县](?:局|院|厅)|(?:局|委|院|厅)(?=机关)"
)
# An administrative area at the start of a unit's name: what a text may leave out ("审计局" for
# "苏州市审计局", "市审计局").
_AREA = re.compile(r"^.{1,8}?(?:自治区|自治州|特别行政区|省|市|区|县|盟|旗)")
_GENERIC: Final = frozenset(
    {
        "预算",
        "预算安排",
        "安排",
        "预算支出",
        "决算",
        "支出决算",
        "执行数",
        "预算执行数",
        "金额",
        "预算金额",
        "涉及金额",
        "涉及预算金额",
        "价值",
        "累计",
        "其中",
        "数",
        "本年数",
        "规模",
        "资金",
        "上年",
        "比",
        "较",
        "占",
        "达到",
        "总额",
        "增幅",
        "降幅",
        "涨幅",
        "幅度",
    }
)


def normalise(text: str) -> tuple[str, list[int]]:
    """The text with full-width digits made ASCII and conversion spaces removed, and for each
    character of the result its index in ``text``.

    A run of spaces is dropped when either neighbour is not ASCII (a Chinese character or
    full-width punctuation) or the next character is ``%``; between two ASCII characters it
    becomes one space. A run holding a line end becomes one line end.
    """
    text = text.translate(_FULLWIDTH)
    out: list[str] = []
    index: list[int] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            j = i
            while j < n and text[j].isspace():
                j += 1
            run = text[i:j]
            if "\n" in run or "\r" in run:
                if out and out[-1] != "\n":
                    out.append("\n")
                    index.append(i)
            else:
                left = out[-1] if out else ""
                right = text[j] if j < n else ""
                if left and right and left.isascii() and right.isascii() and right not in "%\n":
                    out.append(" ")
                    index.append(i)
            i = j
            continue
        if char == "．" and out and out[-1].isdigit() and i + 1 < n and text[i + 1].isdigit():
            char = "."
        out.append(char)
        index.append(i)
        i += 1
    return "".join(out), index


def normalise_basis(raw: str, year: int | None = None) -> str | None:
    """What a comparison is measured against, in a few fixed words (上年预算, 上年预算执行数, 上年).

    A year before ``year`` (or any year where ``year`` is not known) reads as 上年, and so do
    上一年度, 上年度 and 去年; 当年 and parentheticals are dropped, and a trailing 数 after
    预算/决算 too. 同比 reads as 上年.
    """
    text = re.sub(r"[（(][^）)]*[）)]", "", raw)
    text = squeeze(text)

    def _year(match: re.Match[str]) -> str:
        value = int(match.group(1))
        if year is None or value == year - 1:
            return "上年"
        return match.group(0)

    text = re.sub(r"([0-9]{4})年度?", _year, text)
    text = re.sub(r"上一?年度|上一度|上一年|去年|同比", "上年", text)
    text = text.replace("当年", "")
    text = re.sub(r"(?:上年)+", "上年", text)
    text = re.sub(r"(预算|决算)数$", r"\1", text)
    text = re.sub(r"相$", "", text)
    text = text.strip("的，,：: ")
    return text or None


def parse_claim_text(text: str) -> Decimal | None:
    """The value a claim's ``text`` states: the number in it (sign and thousands separators
    read), or None for a flat word such as 持平."""
    match = _NUMBER.search(text)
    if match is None:
        return None
    value = Decimal(match.group("num").replace(",", ""))
    return -value if match.group("sign") else value


@dataclass
class _Subject:
    name: str | None = None
    code: str | None = None
    parent: str | None = None  # the class or section named before it (林业和草原（款）一般行政管理事务（项）)


def _pair_brackets(text: str) -> tuple[list[int], list[int], list[bool]]:
    """Depth of each character inside matched brackets, the index of the innermost opening
    bracket (-1 at depth 0), and whether it lies in a title bracket (〔〕【】《》[]). A bracket
    the text never closes (or closes with another kind) does not count."""
    partner: dict[int, int] = {}
    stack: list[int] = []
    for i, char in enumerate(text):
        if char in _BRACKETS:
            stack.append(i)
        elif stack and char == _BRACKETS[text[stack[-1]]]:
            partner[stack.pop()] = i
    depth = [0] * len(text)
    opener = [-1] * len(text)
    titled = [False] * len(text)
    open_now: list[int] = []  # matched brackets open at this point, innermost last
    titles = 0
    for i, char in enumerate(text):
        if open_now and partner[open_now[-1]] == i:
            titles -= text[open_now.pop()] in _TITLE_BRACKETS
        depth[i] = len(open_now)
        opener[i] = open_now[-1] if open_now else -1
        titled[i] = titles > 0
        if i in partner:
            open_now.append(i)
            if char in _TITLE_BRACKETS:
                titles += 1
    return depth, opener, titled


def round_bracket_end(text: str, at: int) -> int | None:
    """Where the outermost round bracket (（…）, (…)) holding position ``at`` closes, as the claims
    pair brackets (a bracket never closed does not count); None outside round brackets."""
    depth, opener, _ = _pair_brackets(text)
    if at >= len(text):
        return None
    outermost = None
    position = at
    while (inner := opener[position]) != -1:
        if text[inner] in "（(":
            outermost = inner
        position = inner
    if outermost is None:
        return None
    return next(i for i in range(outermost + 1, len(text)) if depth[i] <= depth[outermost])


def _masked(text: str, depth: list[int], level: int) -> str:
    """The text with characters deeper than ``level`` inside brackets replaced by a mask (same
    length, so offsets stay)."""
    return "".join(_MASK if d > level else c for c, d in zip(text, depth, strict=True))


def _clean_piece(piece: str, own: re.Pattern[str]) -> str | None:
    text = piece.strip(" ，,、；;：:。")
    text = _DIRECTION_TRAIL.sub("", text)
    parts = _YEAR.split(text)
    for part in reversed(parts):
        candidate = _PERIOD_LEAD.sub("", part.strip(" ，,、；;：:"))
        previous = None
        while candidate != previous:
            previous = candidate
            candidate = _TOTAL_TRAIL.sub("", candidate)
            candidate = _TRAIL.sub("", candidate)
            candidate = _LEAD.sub("", candidate)
        candidate = re.sub(r"(预算|经费|决算)数$", r"\1", candidate)
        candidate = _strip_wrapping(candidate)
        if not candidate or candidate in _GENERIC or not re.search(rf"[{_CJK}A-Za-z]", candidate):
            continue
        cut = own.sub("", candidate)
        return cut or candidate
    return None


@cache
def _own_names(unit: str | None) -> re.Pattern[str]:
    """The words that name the document's own unit at the start of a subject: 本部门, 我局 …, and
    the unit's name with or without the areas it starts with ("苏州市审计局", "市审计局", "审计局")."""
    names: list[str] = []
    name = (unit or "").strip()
    while len(name) >= 3:
        names.append(re.escape(name))
        area = _AREA.match(name)
        if area is None or area.end() == len(name):
            break
        names.append(re.escape(name[area.end() - 1 :]))  # "市审计局": the area's last character kept
        name = name[area.end() :]
    # the name may follow an area the document's own name leaves out ("新疆库尔勒…管理委员会…")
    named = rf".{{0,6}}?(?:{'|'.join(sorted(set(names), key=len, reverse=True))})" if names else None
    alternatives = "|".join(a for a in (named, _SELF) if a)
    return re.compile(rf"^(?:{alternatives})+(?=[{_CJK}“]{{2}})")


def _strip_wrapping(text: str) -> str:
    text = text.strip(" ，,、；;：:。")
    if text.startswith("“") and text.endswith("”") and "”" not in text[1:-1]:
        text = text[1:-1]
    if text.startswith('"') and text.endswith('"') and '"' not in text[1:-1]:
        text = text[1:-1]
    # unbalanced brackets at the ends
    while (text and text[0] in "）)") or (text and text[0] in "（(" and not re.search(r"[）)]", text)):
        text = text[1:]
    while (text and text[-1] in "（(") or (text and text[-1] in "）)" and not re.search(r"[（(]", text)):
        text = text[:-1]
    return text.strip(" ，,、；;：:。")


def _clean_subject(prefix: str, own: re.Pattern[str]) -> _Subject:
    """The subject (name, code, parent) the text before a number names; its name is None when it
    names none."""
    text = _LEAD.sub("", prefix.strip())
    code = None
    match = _CODE.match(text)
    if match:
        code = match.group("code")
        text = _LEAD.sub("", text[match.end() :])
    elif (after := _CODE_AFTER.search(text)) and re.search(rf"[{_CJK}]", text[: after.start()]):
        if len(after.group("code")) in (3, 5, 7):
            code = after.group("code")
        text = text[: after.start()]
    if _LEVEL.search(text):
        plain = text.replace("“", "").replace("”", "").replace('"', "")
        parts = _LEVEL.split(plain)
        tail = _clean_piece(parts[-1], own)
        if tail is not None and tail != "支出":
            return _Subject(tail, code, _clean_piece(parts[-2], own))
        if len(parts) >= 2:
            name = _clean_piece(parts[-2], own)
            if name is not None:
                return _Subject(name, code, _clean_piece(parts[-3], own) if len(parts) >= 3 else None)
        return _Subject(None, code)
    return _Subject(_clean_piece(text, own), code)


def _kind_of(unit: str | None) -> ClaimKind:
    if unit is None:
        return "count"
    if unit in _MONEY_UNITS:
        return "amount"
    if unit in ("%", "‰", "个百分点", "百分点"):
        return "percent"
    if unit in _AREA_UNITS:
        return "area"
    return "count"


def _current_year(text: str) -> int | None:
    years = [int(y) for y in re.findall(r"(?<![0-9])([0-9]{4})年", text) if 1949 <= int(y) <= 2199]
    return max(years) if years else None


_ITEM = re.compile(
    r"^\s*(?:[0-9]{1,2}[.．、](?![0-9])|[（(][0-9一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]+、|[①-⑳])"
)


def _item_title(norm: str, top: str, own: re.Pattern[str]) -> _Subject:
    """The subject a numbered item's title names ("1、…行政单位离退休（项）。年初预算为…"), which
    claims of the item that name none inherit."""
    item = _ITEM.match(norm)
    if not item:
        return _Subject()
    # the title ends at punctuation or at its amount ("2.口岸管理业务 40,000.70 万元,主要包括：")
    end = _TITLE_END.search(top, item.end())
    return _clean_subject(norm[: end.start() if end else len(norm)], own)


# punctuation, or the title's amount: text.amounts' MONEY_FIGURE but for the full-width ，, which
# ends the title here even between digits
_TITLE_END = re.compile(r"[，：:。；;\n]|,(?![0-9])|[0-9][0-9,]*(?:\.[0-9]+)?\s*(?:亿元|万元|元)")


def extract_claims(
    text: str, provenance: Provenance | None = None, *, year: int | None = None, unit: str | None = None
) -> list[Claim]:
    """The claims of one paragraph (see the module docstring for the rules).

    ``year`` is the document's year: it tells an earlier year's amount ("2022年当年预算执行数为
    1.48万元") from this year's. Without it the latest year the paragraph names is taken.
    ``unit`` is the unit's name: a subject that starts with it names what follows it.
    """
    return extract_claims_at(text, lambda _offset: provenance, year=year, unit=unit)


def extract_claims_at(
    text: str,
    provenance_at: Callable[[int], Provenance | None],
    *,
    year: int | None = None,
    unit: str | None = None,
) -> list[Claim]:
    """Like :func:`extract_claims`, with the provenance of each claim given by the offset in
    ``text`` where its number starts (for paragraphs joined from several printed lines)."""
    norm, index = normalise(text)
    reader = _Paragraph(norm, year, _own_names(unit))
    return [
        claim.model_copy(update={"provenance": provenance_at(index[offset])})
        for claim, offset in reader.read()
    ]


class _Paragraph:
    """One normalised paragraph, read sentence by sentence."""

    def __init__(self, norm: str, year: int | None, own: re.Pattern[str]) -> None:
        self.norm = norm
        self.own = own
        # comparisons read a year as 上年 unless the document's year says otherwise; an amount's
        # own year is compared with the document's year, or else with the latest year named here
        self.year = year
        self.stated_year = year if year is not None else _current_year(norm)
        self.depth, self.opener, self.titled = _pair_brackets(norm)
        self.top = _masked(norm, self.depth, 0)
        self.item = _item_title(norm, self.top, own)  # a numbered item's title: "2.口岸管理业务 …"
        self.context = self.item  # the subject claims inherit last
        self.basis: str | None = None  # the comparison the paragraph made last
        self.claims: list[tuple[Claim, int]] = []  # with the offset of each in ``norm``

    def read(self) -> list[tuple[Claim, int]]:
        start = 0
        for end_match in [*_SENTENCE_END.finditer(self.top), None]:
            end = end_match.start() if end_match else len(self.norm)
            raw = self.norm[start:end]
            sentence = raw.strip()
            if sentence:
                _Sentence(self, start + len(raw) - len(raw.lstrip()), sentence).read()
            start = end + 1
        return self.claims


class _Sentence:
    """One sentence of a paragraph: its comparisons, then its numbers and flats in order."""

    def __init__(self, paragraph: _Paragraph, base: int, sentence: str) -> None:
        self.paragraph = paragraph
        self.base = base  # offset of sentence[0] in the paragraph
        self.text = sentence
        self.top = paragraph.top[base : base + len(sentence)]
        self.depth = paragraph.depth[base : base + len(sentence)]
        self.previous_end = 0
        self.previous_count = False  # the claim read last is a count (人, 名, 辆 …)
        self.previous: _Subject | None = None
        self.clauses_with_claims: set[int] = set()
        # per bracket level: the view with deeper brackets masked, and where its clauses end
        self._views: dict[int, tuple[str, list[int]]] = {}
        self.comparisons: list[tuple[int, int, str | None]] = []
        for match in _COMPARISON.finditer(self.top):
            group = "b1" if match.group("b1") else "b2"
            raw = match.group(group)
            if match.group("yoy"):
                self.comparisons.append((match.start(), match.end(), "上年"))
            elif raw is not None and _BASIS_WORDS.search(raw):
                basis = sentence[match.start(group) : match.end(group)]
                self.comparisons.append((match.start(), match.end(), normalise_basis(basis, paragraph.year)))
        # the comparisons cut from subjects, in brackets too ("（公务用车购置费0万元，比上年增加0万元；…）":
        # the change's subject is 公务用车购置费, not 比上年); the basis is read from the top level only
        # (a comparison read on the top level may hold a bracket: "比2022年（上一年度，下同）预算")
        self.cuts = [(start, end) for start, end, _ in self.comparisons] + [
            (m.start(), m.end()) for m in _COMPARISON.finditer(self.text) if self.depth[m.start()] > 0
        ]

    def read(self) -> None:
        reason = _REASON.search(self.top)
        reason_at = reason.start() if reason else len(self.text)
        events: list[tuple[int, re.Match[str], bool]] = [
            (m.start(), m, False) for m in _NUMBER.finditer(self.text)
        ]
        for match in _FLAT.finditer(self.top):
            basis = match.group("b") or match.group("b2")
            if match.start() < reason_at and basis and _BASIS_WORDS.search(basis):
                events.append((match.start(), match, True))
        for _, match, flat in sorted(events, key=lambda event: event[0]):
            if flat:
                self._flat(match)
            else:
                self._number(match)
        if self.comparisons:
            self.paragraph.basis = self.comparisons[-1][2]

    def _view(self, level: int) -> tuple[str, list[int]]:
        """Made once per level (made anew for every number, a long bracketed sentence — a damaged
        PDF's — took minutes)."""
        if level not in self._views:
            view = self.top if level == 0 else _masked(self.text, self.depth, level)
            self._views[level] = (view, [m.start() for m in _CLAUSE_END.finditer(view)])
        return self._views[level]

    def _clause(self, at: int) -> tuple[str, int, int]:
        """(the view with deeper brackets masked, the clause start, the subject boundary) for a
        token at ``at``."""
        level = self.depth[at] if at < len(self.depth) else 0
        view, ends = self._view(level)
        before = bisect.bisect_left(ends, at)  # the clause ends before ``at``
        clause_start = ends[before - 1] + 1 if before else 0
        open_at = self.paragraph.opener[self.base + at] - self.base if at < len(self.depth) else -1
        if level > 0 and open_at >= 0:
            clause_start = max(clause_start, open_at + 1)
        return view, clause_start, max(clause_start, self.previous_end)

    def _add(self, claim: Claim, offset: int, end: int, subject: _Subject, clause_start: int) -> None:
        self.paragraph.claims.append((claim, self.base + offset))
        self.previous_end = end
        self.previous = subject
        self.previous_count = claim.kind == "count"
        self.paragraph.context = subject
        self.clauses_with_claims.add(clause_start)

    def _flat(self, match: re.Match[str]) -> None:
        view, clause_start, boundary = self._clause(match.start())
        word_group = "flat" if match.group("flat") else "flat2"
        subject = self._subject(self.text[boundary : match.start()], view, clause_start)
        claim = Claim(
            subject=subject.name,
            code=subject.code,
            parent=subject.parent,
            kind="change",
            value=Decimal(0),
            unit=None,
            direction="持平",
            basis=normalise_basis(match.group("b") or match.group("b2") or "", self.paragraph.year),
            text=match.group(word_group),
            sentence=self.text,
        )
        self._add(claim, match.start(word_group), match.end(), subject, clause_start)

    def _number(self, match: re.Match[str]) -> None:
        at = match.start()
        if self.paragraph.titled[self.base + at] or _TARGET_BEFORE.search(
            self.text[max(0, at - 8) : at].rstrip()
        ):
            return
        view, clause_start, boundary = self._clause(at)
        before = self.text[boundary:at]
        after = self.text[match.end() :]
        number = match.group("num")
        unit_match = _UNIT.match(after)
        unit: str | None
        if unit_match is None:
            # a bare number is a count only after a label ending in 数 ("编制数45")
            if "." in number or not _COUNT_LABEL.search(before) or re.match(r"[.．年月日号]", after):
                return
            unit, end = None, match.end()
        else:
            unit, end = unit_match.group("unit"), match.end() + unit_match.end()
            if _THRESHOLD_AFTER.match(self.text[end:]):
                return
        value = Decimal(number.replace(",", ""))
        if match.group("sign"):
            value = -value
        kind = _kind_of(unit)
        year = self.paragraph.year
        before_view = view[boundary:at]
        cue = len(before_view)  # where the subject phrase ends
        direction: str | None = None
        basis: str | None = None

        direction_match = _DIRECTION_BEFORE.search(before_view)
        comparative = _COMPARATIVE_BEFORE.search(before_view)
        rate = _RATE_BEFORE.search(before_view) if kind == "percent" else None
        if direction_match:
            direction, cue = direction_match.group("dir"), direction_match.start()
        elif rate:
            direction, cue = RATE_WORDS[rate.group("rate")], rate.start()
        elif comparative:
            direction, cue = _COMPARATIVE[comparative.group("verb")], comparative.start()
            basis = normalise_basis(before[comparative.start("basis") : comparative.end("basis")], year)
        if (
            kind == "percent"
            and direction is None
            and self.text[self.previous_end : at].strip() in ("（", "(")
        ):
            # "较上年减少24.5万元（43%）": the change's rate, in brackets right after it
            last = self.paragraph.claims[-1][0] if self.paragraph.claims else None
            if last is not None and last.kind == "change" and last.sentence == self.text:
                direction, basis = last.direction, last.basis
        if kind == "percent" and direction is None:
            share = _SHARE_BEFORE.search(before_view)
            of = _OF_BEFORE.search(before_view)
            if share:
                kind, cue = "share", share.start()
                basis = before[share.start("b") : share.end("b")].strip("的 ") or None
            elif of:
                cue = of.start()
                basis = normalise_basis(before[of.start("b") : of.end("b")], year)
        if direction is not None:
            if kind != "percent":
                kind = "change"
            if basis is None:
                applicable = [c for c in self.comparisons if c[1] <= at]
                basis = applicable[-1][2] if applicable else self.paragraph.basis

        # the subject: the phrase before the cue, with the comparisons in it cut out
        keep = [True] * cue
        for c_start, c_end in self.cuts:
            for i in range(max(c_start - boundary, 0), min(c_end - boundary, cue)):
                keep[i] = False
        prefix = "".join(char for char, kept in zip(before[:cue], keep, strict=True) if kept)
        if kind == "amount":
            prior = _PRIOR_AMOUNT.search(before.rstrip())
            stated = self.paragraph.stated_year
            if prior and (prior.group("y") is None or stated is None or int(prior.group("y")) < stated):
                period = prior.group("p") or prior.group("p2")
                basis = normalise_basis(period, year if year is not None else stated)
                # the period is not part of the subject: "…支出年初预算为" names …支出
                prefix = prefix[: max(0, len(prefix) - (len(before.rstrip()) - prior.start()))]
        subject = self._subject(prefix, view, clause_start)
        claim = Claim(
            subject=subject.name,
            code=subject.code,
            parent=subject.parent,
            kind=kind,
            value=value,
            unit=unit,
            direction=direction,
            basis=basis,
            text=self.text[at:end],
            sentence=self.text,
        )
        self._add(claim, at, end, subject, clause_start)

    def _subject(self, prefix: str, view: str, clause_start: int) -> _Subject:
        """The subject named by ``prefix``, else inherited (see the module docstring)."""
        named = _clean_subject(prefix, self.paragraph.own)
        code = named.code
        if named.name in ("支出", "收入") and self.previous is not None and self.previous_count:
            # "社工23名支出373.66万元": the spending of what was just counted, not the total
            return _Subject(f"{self.previous.name or ''}{named.name}", code, self.previous.parent)
        if named.name is not None:
            return named
        if self.previous is not None:
            return _Subject(self.previous.name, code or self.previous.code, self.previous.parent)
        # preceding clauses of the sentence that hold no claim, nearest first
        bounds = [0, *(m.end() for m in _CLAUSE_END.finditer(view, 0, clause_start))]
        for left, right in zip(reversed(bounds[:-1]), reversed(bounds[1:]), strict=True):
            if left in self.clauses_with_claims:
                break
            earlier = _clean_subject(self.text[left : right - 1], self.paragraph.own)
            if earlier.name is not None:
                return _Subject(earlier.name, code or earlier.code, earlier.parent)
        # a sentence of its own with no subject ("较2025年年初预算增加569.63万元") speaks of the
        # numbered item when the item has listed several things before it, else of the last one
        paragraph = self.paragraph
        listed = {claim.subject for claim, _ in paragraph.claims}
        context = paragraph.item if paragraph.item.name and len(listed) > 1 else paragraph.context
        return _Subject(context.name, code or context.code, context.parent)
