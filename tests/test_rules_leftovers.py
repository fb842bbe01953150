"""Wording: template leftovers (alternatives, blank amounts, the template's example wording) and
broken text (empty reasons, missing units, unpaired brackets, run-on items).

The sentences are from the development corpus, quoted as the reader gives them, each with
its document and page; a sentence changed to make a case says so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpusdir import corpus_file
from rulekit import ALL_LAYOUTS, FICTIONAL, JIANGSU, KORLA, SEED, SHANGHAI, built, findings, read
from yusuan.check.finding import Finding
from yusuan.check.runner import check_document
from yusuan.model.document import Document, Provenance, Section
from yusuan.text.claims import extract_claims

NEW = ("wording.W005", "wording.W006", "wording.W007", "wording.N002", "wording.N003", "wording.N004")


def text(*paragraphs: str, title: str = "情况说明", page: int | None = None) -> Document:
    """A document of one section holding ``paragraphs`` (claims read from them, on ``page``)."""
    provenance = Provenance(file="doc.pdf", page=page, line=5) if page else None
    section = Section(
        key="notes",
        title=title,
        paragraphs=list(paragraphs),
        claims=[c for p in paragraphs for c in extract_claims(p, provenance)],
    )
    return Document(
        layout="", year=2024, scope="部门", unit_name="某局", title="2024年部门预算", sections=[section]
    )


def found(document: Document, rule_id: str) -> list[Finding]:
    return [f for f in check_document(document, only={rule_id}).findings if f.rule == rule_id]


# ---------------------------------------------------------------------------------- W005

# xian/09 p.23 (西安市医疗保障局 2022): the template's 增加（减少） kept, twice in one sentence
XIAN_09 = (
    "其中：因公出国（境）经费 0 万元，较上年增加（减少）0 万元（0%），增加（减少）的主要原因是未安排出国任务；"
    "公务接待费 1 万元，较上年减少 2.04 万元（67.11%），减少的主要原因是本年压缩公务接待支出预算。"
)
# shanghai-putuo/…wanli-subdistrict_2024 p.32: the template's "XX（部门）" with the name filled in
WANLI = (
    "2024年上海市普陀区人民政府万里街道办事处（部门）下属1家机关和1家参公事业单位财政拨款的机关运行经费预算"
    "为443.18万元。"
)


def test_w005_alternatives_left() -> None:
    result = found(text(XIAN_09, page=23), "wording.W005")
    assert [f.message.split("，")[0] for f in result] == ["留有模板的备选词“增加（减少）”"] * 2
    assert "较上年【增加（减少）】0万元" in result[0].message
    assert result[0].provenance is not None and result[0].provenance.page == 23
    [gloss] = found(text(WANLI), "wording.W005")
    assert gloss.message.startswith("留有模板的括注“（部门）”") and "办事处【（部门）】下属" in gloss.message
    # the Shanghai template's "增加（减少）XXX万元（持平）" with the figure filled in and 持平 left
    # (shanghai-putuo-2026-dept-budget-blank-template.xlsx, 部门编制说明; figure from shanghai-city/09 p.5)
    [flat] = found(text("财政拨款收入19,577万元，比2025年预算减少290万元（持平）。"), "wording.W005")
    assert "“（持平）”" in flat.message
    # the same as a slash, and the other pairs ("下降（增长）27.78%")
    assert len(found(text("比上年（增加/减少）5万元，下降（增长）27.78%。"), "wording.W005")) == 2


def test_w005_ordinary_brackets_pass() -> None:
    # xian/01 p.9: departments and units, not an alternative
    assert found(text("组织协调市级 13个部门（单位）落实粮食安全省长责任制工作。"), "wording.W005") == []
    # a zero with 持平 says what it means; 增加（含新增）is no alternative; 福州市民政局(本级) (fuzhou/05)
    assert (
        found(
            text(
                "公务接待费比上年增加0万元（持平），其中增加（含新增）项目2个；福州市民政局(本级)共有车辆1辆。"
            ),
            "wording.W005",
        )
        == []
    )


def test_w005_a_blank_template_is_counted_once() -> None:
    # shanghai-putuo/sh-putuo_2024_dept-final_BLANK-TEMPLATE p.17: alternatives all over
    sentence = "与2023年度相比，财政拨款收入支出总计增加（减少）XXX万元，增长（下降）XX%。"
    result = found(text(*[sentence] * 3), "wording.W005")
    assert len(result) == 4 and result[-1].message == "模板备选词全文共 6 处（以上列出前 3 处）"


# ---------------------------------------------------------------------------------- W006


def test_w006_blank_amount() -> None:
    # shanghai-city/02 p.5 with the figures taken out, as a "XX万元" emptied of its XX leaves it
    document = text("财政拨款收入1,628万元，比2025年预算增加万元；事业收入2,194万元，增长%。")
    result = found(document, "wording.W006")
    assert [f.message.split("：")[0] for f in result] == ["“增加万元”", "“增长%”"]
    assert "比2025年预算增加【】万元" in result[0].message


def test_w006_units_named_pass() -> None:
    # shenzhen/12 p.20 and the units printed as such
    document = text(
        "2.2026 年部门预算中所有数据为“四舍五入”保留两位小数后按万元列示，可能存在部分数据相加后不相等。",
        "本表金额单位为万元，以万元为单位列示，折合为万元。",
        "比上年增加元旦春节慰问支出2万元。",  # 元 of 元旦
        "项目名称合计万元",  # a table's header read as text
    )
    assert found(document, "wording.W006") == []


# ---------------------------------------------------------------------------------- W007

# shanghai-putuo/…wanli-subdistrict_2024 p.24: the reason after the colon, in the next paragraph
WANLI_20 = (
    "20. “社会保障和就业支出（类）其他社会保障和就业支出（款）其他社会保障和就业支出（项）”781.24万元，"
    "主要用于其他社会保障和就业支出。2023年当年预算执行数为1410.22万元，2024年预算安排781.24万元，"
    "比2023年预算执行数减少44.60%。主要原因是："
)


def test_w007_empty_reason() -> None:
    # the same sentence with the reason left out
    [finding] = found(text(WANLI_20.replace("主要原因是：", "主要原因是。")), "wording.W007")
    assert finding.message.startswith("“主要原因是”之后没有内容") and "【主要原因是。】" in finding.message
    # shanghai-city/10 p.5: "4." follows "3." at once, the list after 主要用于： missing (colon and
    # the following item's text changed to make the case)
    document = text(
        "3. “自然资源海洋气象等支出”科目17374万元，主要用于：",
        "4.“住房保障支出”科目83万元，主要用于单位住房公积金缴费支出。",
    )
    [finding] = found(document, "wording.W007")
    assert finding.message.startswith("第3项以“主要用于：”结尾，下一段即第4项")


def test_w007_reason_in_the_next_paragraph_passes() -> None:
    document = text(WANLI_20, "其他社会保障和就业支出经费减少。")
    assert found(document, "wording.W007") == []
    # shenzhen/01 p.9: the items after 具体包括： are the next paragraphs; "说明变化的主要原因。" is a noun
    document = text(
        "（五）项目支出 144,177.88 万元，具体包括：",
        "1.宣传文化专项 10,000.00 万元，主要用于宣传文化活动。",
        "请在说明中写明变化的主要原因。",
    )
    assert found(document, "wording.W007") == []


# ---------------------------------------------------------------------------------- N002

# jiangsu-province/js-high-court_2018 p.20: "减少 9.52，" with no %, on the page too
# (the item before it, which prints its %, with it: a document with no % at all may have lost the sign
# in extraction, and is not judged)
HIGH_COURT = (
    "4. 法院（款）案件审判（项）支出 1833.3 万元，与上年相比增加 100 万元，增长 5.77%。主要原因是徐州铁路运输法院"
    "审判专项业务费支出预算的增加。",
    "5．法院（款）案件执行（项）支出 950 万元，与上年相比减少100 万元，减少 9.52，主要原因是压减了案件执行经费的"
    "支出预算安排。",
)


def test_n002_change_without_unit() -> None:
    [finding] = found(text(*HIGH_COURT, page=20), "wording.N002")
    assert found(text(HIGH_COURT[1]), "wording.N002") == []  # no % anywhere
    assert finding.message.startswith("“减少9.52”没有单位（同句：950万元、100万元）")
    assert finding.provenance is not None and (finding.provenance.page, finding.provenance.line) == (20, 5)
    # xian/14 p.23: "生产力中心减少 11.95，…减少 25.50）" — both 万元 by the sum, both printed bare
    document = text(
        HIGH_COURT[0],
        "少 117.71 万元；日常公用经费减少 2.40 万元；专项业务费减少 37.45 万元（生产力中心减少 11.95，"
        "大市场中心网络宽带费列其他科目减少 25.50）。",
    )
    assert [f.message.split("没有")[0] for f in found(document, "wording.N002")] == [
        "“减少11.95”",
        "“减少25.50”",
    ]


def test_n002_lost_signs_zeros_and_cut_cells_pass() -> None:
    document = text(
        # xian/03 p.12: the page prints 12.95%; the text layer lost the sign and left a blank
        "本部门收入预算总计 182157.13 万元,支出预算总计 182157.13 万元。收支预算总体较上年减少 12.95 ，"
        "减少的主要原因是随着本部门医保、引智、公务员管理、军转解困等职能划出，预算随之减少。",
        # xian/14 p.34: a table cell read as text, its 万元 on the cell's next line
        "2022 年度局机关科技发展专项资金增加 24000 万元，金融专项资金增加 8916",
        # shanghai-city/02 p.5: zero needs no unit
        "财政拨款支出预算1,628万元，比2025年预算减少25万元；政府性基金拨款支出预算为0。",
        "占比 12.5%。",
    )
    assert found(document, "wording.N002") == []


# ---------------------------------------------------------------------------------- N003

# suzhou/05 p.7: three "(" and two ")" in the list of offices
SUZHOU_05 = (
    "根据单位职责分工，本单位内设机构包括：办公室（组织人事处、审计监督处）(机关党委(与办公室(组织人事处、"
    "审计监督处)合署办公)、规划计划处（科技和对外合作处）、项目处、政策法规处（行政审批处）、财务处、河湖长制改革处、"
    "机关党委。本单位无下属单位。"
)
# shanghai-city/08 p.3: "（含地质勘探〉" closed with an angle bracket
SHANGHAI_08 = (
    "(一）承担危险化学品、非煤矿山（含地质勘探〉、工贸、安全生产专业服务机构等行业领域安全生产监管，以及地质灾害、"
    "水旱灾害、森林火灾等有关应急抢险和灾害救助、综合减灾等方面的行政检查、行政处罚、行政强制和有关普法职责。"
)


def test_n003_unpaired_brackets() -> None:
    [finding] = found(text(SUZHOU_05), "wording.N003")
    assert finding.message.startswith("有“（”而无“）”（括号未闭合）") and "【(】机关党委" in finding.message
    [finding] = found(text(SHANGHAI_08), "wording.N003")
    assert "非煤矿山【（】含地质勘探〉" in finding.message
    [finding] = found(text("本部门严格执行《党政机关厉行节约反对浪费条例，压减一般性支出。"), "wording.N003")
    assert finding.message.startswith("有“《”而无“》”")


def test_n003_pairs_across_headings_paragraphs_and_widths_pass() -> None:
    # xian/01 p.5: opened in the heading "（十四）承担本市行政区域石油天然气管道（城镇燃气管", closed below
    document = text(
        "道除外）保护责任。协调处理石油天然气管道保护的重大问题，指导、监督有关单位履行石油天然气管道保护义务。",
        title="承担本市行政区域石油天然气管道（城镇燃气管",
    )
    assert found(document, "wording.N003") == []
    document = text(
        # shanghai-putuo/…BLANK-TEMPLATE p.19: a bracket opened at a paragraph's end, closed in the next
        "绩效自评的2024年度项目XX个，涉及预算金额XXX万元，平均得分XX分（其中，绩效评级为“优”的项目XX个；",
        "绩效评级为“不合格”的项目XX个。绩效自评中共发现问题XX个，正在整改的XX个）。",
        # shanghai-city/10 p.5: a full-width bracket closed by a half-width one is a pair
        "3. “自然资源海洋气象等支出”科目17374万元，主要用于海洋灾害综合防治体系建设工程（地方配套)等支出。",
        # shenzhen/23 p.40: a table cell read as text, cut at its start
        "级） 理 束制度，强化用水总量管控，严格取用水监督管理，加强水资源保护，提升水资源管理能力和水平。",
        # a list numbered 1）2）
        "主要职责：1）拟订全市统计工作规划；2）组织实施统计调查。",
    )
    assert found(document, "wording.N003") == []


# ---------------------------------------------------------------------------------- N004


def test_n004_run_on_item() -> None:
    # shanghai-city/10 p.5, items 3 and 4 run together as a lost line break would leave them
    document = text(
        "3. “自然资源海洋气象等支出”科目17374万元，比上年增加10万元4.“住房保障支出”科目83万元，"
        "主要用于单位住房公积金缴费支出。"
    )
    [finding] = found(document, "wording.N004")
    assert (
        finding.message.startswith("第3项未结束，第4项“4.”紧接在金额之后")
        and "10万元【4.】“住房" in finding.message
    )


def test_n004_decimals_and_ended_items_pass() -> None:
    document = text(
        "1.一般公共服务支出 10万元，增长2.5%。2.住房保障支出 20万元。",  # ended, and a decimal
        "3.公用经费 12万元5.办公设备购置。",  # not the next number
        "详见附件2.部门收支总表。",  # no item started here
    )
    assert found(document, "wording.N004") == []


# ---------------------------------------------------------------------------------- documents


@pytest.mark.parametrize("layout", ALL_LAYOUTS)
@pytest.mark.parametrize("source", [KORLA, FICTIONAL], ids=["korla", "fictional"])
def test_generated_documents_are_clean(source: Path, layout: str) -> None:
    assert check_document(built(source, layout), only=set(NEW)).findings == []


def test_real_samples() -> None:
    # the 2023 Wanli sample (tests/fixtures/read, p.29) has the template's "（部门）" too
    [finding] = [f for f in check_document(read(SHANGHAI), only=set(NEW)).findings]
    assert finding.rule == "wording.W005" and "万里街道办事处【（部门）】下属" in finding.message
    assert check_document(read(JIANGSU), only=set(NEW)).findings == []
    assert check_document(read(SEED), only=set(NEW)).findings == []


def test_corpus_document() -> None:
    """jiangsu-province/js-high-court_2018 p.20, read from the PDF: "减少 9.52，"."""
    path = corpus_file("jiangsu-province/js-high-court_2018_dept-budget.pdf")
    from yusuan.read.reader import read_document

    document = read_document(path).document
    result = findings(document, "wording.N002")
    assert [(f.provenance.page if f.provenance else None, f.message.split("没有")[0]) for f in result] == [
        (20, "“减少9.52”")
    ]
    assert [f.rule for f in check_document(document, only=set(NEW)).findings] == ["wording.N002"]
