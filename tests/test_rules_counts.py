"""text.W003: a stated number of bodies agrees with the names the text lists for them.

The sentences are from the development corpus, as pdftotext gives them with line breaks
joined, each with its document and page; a sentence changed to make a case says so.
"""

from __future__ import annotations

import pytest

from rulekit import FICTIONAL, KORLA, built, findings
from test_rules_leftovers import found, text
from yusuan.check.rules.counts import count_names, counted

# xian/22 p.6 (西安市审计局 2026)
XIAN_22 = (
    "市审计局内设处室15个，分别为：办公室、组织人事处、审理稽核处、审计整改处、内部审计指导监督处、电子数据审计处、"
    "财政审计处、行政事业审计处、农业农村审计处、固定资产投资审计处、社会保障审计处、自然资源和生态环境审计处、"
    "金融审计处、企业审计处、经济责任审计处。"
)
# shanghai-city/07 p.4 (上海市戒毒康复中心 2026): "康复区（2个）" is two bodies
SHANGHAI_07 = (
    "上海市戒毒康复中心设立9个内设机构，包括政治处、审计室、戒毒管理科、康复指导科、综合科、康复区（2个）、"
    "戒毒研究中心（诊断评估中心）、保健站。"
)
# xian/18 p.5 (西安市人民政府办公厅 2026): "综合一处至综合九处" is nine
XIAN_18 = (
    "西安市人民政府办公厅设27个处室，分别为：办公室、组织人事处、综合一处至综合九处、秘书处、会议处、信息处、机要处、"
    "市政府总值班室、政府职能转变协调处、优化营商环境处、市政府政务公开办公室、市政府督查室、专项督办处、建议提案处、"
    "机关事务管理处、参事工作处、文史工作处、厅机关党委、离退休人员服务处。"
)
# shenzhen/03 p.6 (深圳市人力资源和社会保障局 2026): the names before the count, the last pair joined by 和
SHENZHEN_03 = (
    "6.深圳市社会保险基金管理局罗湖分局下设办公室（基金偿付科）、业务受理科、社会保险关系科、养老保险科、工伤保险科、"
    "失业与机关事业保险科和稽核科，共 7 个部门。"
)
# shanghai-city/12 p.4 (上海市统计和大数据研究院 2026)
SHANGHAI_12 = (
    "单位设8个内设机构，包括：行政管理部（财务部）、人力资源部（党办）、国际交流合作部、经济大数据应用中心、"
    "社会大数据应用中心、统计方法与理论研究所、数据开发管理部和数据信息服务部。"
)
# fuzhou/02 p.5 (福州市公安局治安管理支队 2026): "（科、股）" glosses the kind of office, it lists nothing
FUZHOU_02 = "从预算单位构成看，福州市公安局治安管理支队包括 9个机关行政处（科、股）室及 0 个下属单位，其中："


@pytest.mark.parametrize("sentence", [XIAN_22, SHANGHAI_07, XIAN_18, SHENZHEN_03, SHANGHAI_12])
def test_counts_that_agree_are_read_and_silent(sentence: str) -> None:
    stated = list(counted(sentence))
    assert len(stated) == 1 and stated[0].stated == stated[0].listed
    assert found(text(sentence, page=6), "text.W003") == []


def test_a_gloss_in_brackets_is_not_a_list() -> None:
    assert list(counted(FUZHOU_02)) == []
    assert found(text(FUZHOU_02), "text.W003") == []


def test_a_count_that_disagrees_with_its_names() -> None:
    # xian/22 p.6 with one name dropped from the list
    changed = XIAN_22.replace("审计整改处、", "")
    result = found(text(changed, page=6), "text.W003")
    assert len(result) == 1
    assert result[0].message.startswith("正文称处室15个，列出的名称为14个")
    assert result[0].severity.value == "warning"
    # shenzhen/03 p.6 with the count changed
    result = found(text(SHENZHEN_03.replace("共 7 个", "共 8 个")), "text.W003")
    assert [f.message.split("：")[0] for f in result] == ["正文称部门8个，列出的名称为7个"]


def test_names_are_counted_as_a_reader_would() -> None:
    assert count_names("研究一所、研究二所和研究三所") == 3
    assert count_names("综合部、测评与发展部和业务受理部") == 3
    assert count_names("智慧水务综合指挥调度和保障中心、观澜河流域管理中心") == 2  # 和 inside a name
    assert count_names("综合一处至综合九处、秘书处") == 10
    assert count_names("办公室、财务科等") is None
    assert count_names("序号单位名称1西安市科学技术局（机关）2西安市社会科学院") is None


def test_bodies_listed_as_numbered_paragraphs() -> None:
    # the Korla example: "下设4个内设机构。" and then （一）…（四） under "内设机构主要职责："
    document = built(KORLA)
    assert findings(document, "text.W003") == []
    section = next(s for s in document.profile if any("下设4个内设机构" in p for p in s.paragraphs))
    section.paragraphs = [p.replace("下设4个内设机构", "下设5个内设机构") for p in section.paragraphs]
    result = findings(document, "text.W003")
    assert [f.message.split("：")[0] for f in result] == ["正文称内设机构5个，列出的名称为4个"]


def test_names_in_brackets_after_the_count() -> None:
    # the fictional budget: "本单位包括下属预算单位2个（示例区第一中学、示例区教师进修学校）。"
    document = built(FICTIONAL)
    assert findings(document, "text.W003") == []
    section = next(s for s in document.profile if any("下属预算单位2个" in p for p in s.paragraphs))
    section.paragraphs = [p.replace("下属预算单位2个", "下属预算单位3个") for p in section.paragraphs]
    assert len(findings(document, "text.W003")) == 1


def test_an_item_split_by_a_page_break_is_one_item() -> None:
    # the Korla example built in suzhou-2026-unit and read back from its PDF: item （二） runs over a
    # page, and its second half is a paragraph of its own
    from yusuan.check.rules.counts import numbered_after

    paragraphs = [
        "内设机构主要职责：",
        "（一）综合部。负责……",
        "（二）宣传信息部。负责起草、审核……",
        "做好档案管理、文印工作；……",
        "（三）组织人事部。负责……",
        "（四）群工部。负责……",
    ]
    assert numbered_after(paragraphs, "内设机构") == 4
    assert numbered_after([*paragraphs, "（一）另一组条目"], "内设机构") == 4


def test_a_list_cut_at_the_paragraph_end_is_not_judged() -> None:
    # xian/22 p.6 as a page break would leave it: the list runs to the end of the paragraph
    cut = XIAN_22.split("财政审计处")[0]
    assert list(counted(cut)) == []
    assert found(text(cut, page=6), "text.W003") == []
