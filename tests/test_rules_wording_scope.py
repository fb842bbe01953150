"""Wording: who the document speaks for (W010), the unit it names (W011), an item that copies its
neighbour's explanation (W012). The texts are corpus sentences (the development corpus), cited by
folder, file and page; a trigger that the corpus does not contain is a corpus sentence with one
name changed, as a copied document would print it."""

from __future__ import annotations

from rulekit import KORLA, SHANGHAI, built, findings, read
from yusuan.model.document import Column, Document, Section, Table


def document(
    paragraphs: list[str],
    *,
    scope: str = "单位",
    title: str = "上海市2026年市级单位预算",
    unit: str = "上海交通职业技术学院",
    heading: str = "其他相关情况说明",
    tables: list[Table] | None = None,
) -> Document:
    return Document(
        layout="unknown",
        year=2026,
        scope=scope,
        unit_name=unit,
        title=title,
        evidence={"unit": f"封面“预算单位：{unit}”"},
        sections=[Section(key="s", title=heading, paragraphs=paragraphs)],
        tables=tables or [],
    )


def table(title: str) -> Table:
    return Table(key="t", title=title, columns=[Column(key="name", title="项目")])


# ---------------------------------------------------------------------------------- W010

# shanghai-city/06_2026_上海交通职业技术学院 p.21: the only one of the 25 Shanghai 单位预算 that
# writes 部门预算 here (the other 24 write "2026年单位预算安排购置车辆…")
SHANGHAI_06 = (
    "2026年部门预算安排购置车辆0辆，其中：部级领导干部用车0辆、主要领导干部用车0辆、机要通信用车0辆、"
    "应急保障用车0辆、执法执勤用车0辆、特种专业技术用车0辆、离退休干部用车0辆、其他用车0辆；"
    "单位预算安排购置单价100万元（含）以上设备（不含车辆）0台（套）。"
)


def test_w010_a_unit_budget_that_says_department_budget() -> None:
    [finding] = findings(document([SHANGHAI_06]), "wording.W010")
    assert finding.message.startswith(
        "标题为“单位预算”，说明中却以部门自称“2026年部门预算”：2026年部门预算安排购置车辆0辆"
    )
    assert finding.location.sentence is not None and finding.location.sentence.startswith(
        "2026年部门预算安排"
    )


def test_w010_benbumen_in_a_unit_budget() -> None:
    # suzhou/07_苏州市科学技术局单位预算公开… p.37 (the document says 本单位 17 times, 本部门 once)
    text = (
        "主要原因是本年度本部门市立项目科技创新专项资金其他科学技术支出（款）其他科学技术支出（项）"
        "支出调整至科学技术管理事务（款）其他科学技术管理事务支出（项）。"
    )
    found = findings(
        document([text], title="2026年度苏州市科学技术局单位预算公开", unit="苏州市科学技术局"),
        "wording.W010",
    )
    assert [f.message.split("：")[0] for f in found] == ["标题为“单位预算”，说明中却以部门自称“本部门”"]


def test_w010_a_department_heading_and_a_whole_template_copied() -> None:
    # the 部门 template's heading and four self-references: three listed, then the count
    doc = document(
        [SHANGHAI_06, "本部门无政府性基金预算。", "本部门无国有资本经营预算。", "本部门无“三公”经费。"]
    )
    doc.sections.append(Section(key="f", title="部门主要职能", paragraphs=[]))
    found = findings(doc, "wording.W010")
    assert len(found) == 4
    assert found[-1].message.startswith("说明中以部门自称共 5 处（以上列出前 3 处）")


def test_w010_other_departments_and_the_system_name_pass() -> None:
    paragraphs = [
        # shanghai-city/01_2026_上海市医疗保险事业管理中心 p.20 and p.5 (名词解释)
        "2026年单位预算安排购置车辆0辆，其中：部级领导干部用车0辆、主要领导干部用车0辆。",
        "（一）财政拨款收入：是市级预算主管部门及所属预算单位本年度从本级财政部门取得的财政拨款，"
        "包括一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款。",
        # suzhou/06_苏州市生态环境局单位预算公开… p.3, suzhou/05_苏州市水务局单位预算公开… p.8
        "会同有关部门拟订全市生态环境政策、规划并组织实施，参与起草生态环境地方性法规和规章草案。",
        "根据费税改革试点要求落实部门职责，完善水权交易和收储制度，推进“水预算”试点。",
        # fuzhou/02_福州市公安局治安管理支队单位预算 p.5
        "2026年，福州市公安局治安管理支队主要任务是：全市治安部门紧紧围绕深化公安改革目标任务。",
        "按照《关于做好2026年部门预算公开工作的通知》要求，现将2026年单位预算公开如下。",
    ]
    # suzhou/05_苏州市水务局单位预算公开… p.19 (公开06表): the system's name in a table header
    tables = [table("公开06表 财政拨款基本支出表（经济科目） 部门预算支出经济分类科目")]
    doc = document(paragraphs, tables=tables)
    doc.sections.append(Section(key="f", title="单位主要职能", paragraphs=[]))
    assert findings(doc, "wording.W010") == []


def test_w010_a_department_budget_that_says_benDanwei_passes() -> None:
    # shenzhen/02_深圳市交通运输局（本级）部门预算 p.18: the Shenzhen 部门 template says 本单位
    doc = document(
        ["2026年本单位机关运行经费财政拨款预算2,484.60万元，较2025年年初预算减少379.46万元，下降13.2%。"],
        scope="部门",
        title="2026年深圳市交通运输局（本级）部门预算",
        unit="深圳市交通运输局",
    )
    assert findings(doc, "wording.W010") == []


def test_w010_generated_unit_documents_say_danwei() -> None:
    # the suzhou unit layout borrows the Jiangsu 部门 templates, which said 本部门/我部门
    assert findings(built(KORLA, "suzhou-2026-unit"), "wording.W010") == []


# ---------------------------------------------------------------------------------- W011

# shanghai-city/01_2026_上海市医疗保险事业管理中心 p.7 (a table's title with its 编制单位)
TABLE_01 = "2026年预算单位财务收支预算总表编制单位：上海市医疗保险事业管理中心 单位：元"


def test_w011_another_units_table_header() -> None:
    # the same table in shanghai-city/19_2026_上海市中医文献馆: a neighbour's table copied
    doc = document([], unit="上海市中医文献馆", tables=[table(TABLE_01)])
    [finding] = findings(doc, "wording.W011")
    assert finding.message.startswith(
        "文中写明的单位是“上海市医疗保险事业管理中心”（编制单位：上海市医疗保险事业管理中心），封面为“上海市中医文献馆”"
    )
    assert (
        findings(document([], unit="上海市医疗保险事业管理中心", tables=[table(TABLE_01)]), "wording.W011")
        == []
    )


def test_w011_another_departments_running_header() -> None:
    # suzhou/02_苏州市审计局部门预算公开… p.5 prints "苏州市审计局 2026 年度部门预算公开" at the top of
    # each page; in suzhou/04 (苏州市数据局) it would be a neighbour's page
    doc = document(
        ["苏州市审计局 2026 年度部门预算公开", "理等重点领域重点场景应用。"],
        scope="部门",
        title="2026年度苏州市数据局部门预算公开",
        unit="苏州市数据局",
    )
    [finding] = findings(doc, "wording.W011")
    assert "“苏州市审计局”（苏州市审计局2026年度部门预算）" in finding.message


def test_w011_abbreviations_parents_and_subordinates_pass() -> None:
    # shanghai-city/12 p.7: the unit's two names; fuzhou/06 p.24: 福州市科技局 for 福州市科学技术局;
    # huzhou/01 p.6: a 部门 lists its units' 单位预算; shenzhen/02 p.17: the 本级 mark
    assert (
        findings(
            document(
                [],
                unit="上海市统计和大数据研究院（上海市统计数据管理中心）",
                tables=[
                    table(
                        "2026年预算单位财务收支预算总表编制单位：上海市统计和大数据研究院（上海市统计数据管理中心） 单位：元"
                    )
                ],
            ),
            "wording.W011",
        )
        == []
    )
    fuzhou = document(
        ["用于福州市科技局本级科技发展、合作与交流、市科技计划项目。", "编制单位：福州市科技局 单位：万元"],
        title="2026年度福州市科学技术局(本级)单位预算",
        unit="福州市科学技术局",
    )
    assert findings(fuzhou, "wording.W011") == []
    huzhou = document(
        [
            "从预算单位构成看，湖州市交通运输局预算包括：局本级预算、局属市交通运输行政执法队、局属市公路与运输管理中心、"
            "局属交通技师学院和局属市水上应急救援中心单位预算。",
            "二、2026年湖州市交通运输局部门预算",
        ],
        scope="部门",
        title="湖州市交通运输局2026年部门预算",
        unit="湖州市交通运输局",
    )
    assert findings(huzhou, "wording.W011") == []
    shenzhen = document(
        [
            "2026 年深圳市交通运输局（本级）所有项目支出预算纳入部门预算绩效管理。",
            "深圳市交通运输局（本级）2026年部门预算",
        ],
        scope="部门",
        title="2026年深圳市交通运输局（本级）部门预算",
        unit="深圳市交通运输局",
    )
    assert findings(shenzhen, "wording.W011") == []
    # a unit's budget naming its parent's 部门预算 (not its own kind of budget)
    parent = document(["本单位预算纳入上海市卫生健康委员会2026年部门预算。"], unit="上海市中医文献馆")
    assert findings(parent, "wording.W011") == []


# ---------------------------------------------------------------------------------- W012

# shanghai-putuo/sh-putuo-wanli-subdistrict_2024_dept-budget p.9, items 25 and 26: 城管执法 is said
# to be used for 城乡社区管理事务一般行政管理事务, item 25's purpose and reason (2025 p.8 says 城管执法)
PUTUO_2024 = [
    "25. “城乡社区支出（类）城乡社区管理事务（款）一般行政管理事务（项）”1759.10万元，主要用于城乡社区管理事务一般行政管理事务。"
    "2023年当年预算执行数为2083.68万元，2024年预算安排1759.10万元，比2023年预算执行数减少15.58%。"
    "主要原因是：城乡社区管理事务一般行政管理事务经费减少。",
    "26. “城乡社区支出（类）城乡社区管理事务（款）城管执法（项）”604.34万元，主要用于城乡社区管理事务一般行政管理事务。",
    "2023年当年预算执行数为676.66万元，2024年预算安排604.34万元，比2023年预算执行数减少10.69%。"
    "主要原因是：城乡社区管理事务一般行政管理事务经费减少。",
    "27. “城乡社区支出（类）城乡社区管理事务（款）其他城乡社区管理事务支出（项）”5421.24万元，主要用于其他城乡社区管理事务支出。"
    "2023年当年预算执行数为5276.21万元，2024年预算安排5421.24万元，比2023年预算执行数增加2.75%。"
    "主要原因是：其他城乡社区管理事务支出经费增加。",
]


def putuo(paragraphs: list[str]) -> Document:
    return document(
        paragraphs,
        scope="部门",
        title="上海市普陀区2024年区级部门预算",
        unit="上海市普陀区人民政府万里街道办事处",
        heading="2024年部门预算编制说明",
    )


def test_w012_a_purpose_copied_from_the_item_before() -> None:
    [finding] = findings(putuo(PUTUO_2024), "wording.W012")
    assert finding.message == (
        "“城管执法”一项的用途与“一般行政管理事务”一项相同，写的是后者的名称：城乡社区管理事务一般行政管理事务"
    )
    assert finding.location.sentence is not None and "城管执法（项）" in finding.location.sentence


def test_w012_the_fixture_of_2023_copies_the_same_way() -> None:
    # tests/fixtures/read/shanghai-putuo-wanli-subdistrict-2023-dept-budget.pdf: item 2 专项普查活动
    # "主要用于统计管理" (item 1's), item 16 职业年金 "主要原因是：事业单位离退休经费增加" (item 14's),
    # item 27 城管执法 (item 26's), each checked on the page
    found = findings(read(SHANGHAI), "wording.W012")
    assert [f.message.split("一项的")[0] for f in found] == [
        "“专项普查活动”",
        "“机关事业单位职业年金缴费支出”",
        "“城管执法”",
    ]


def test_w012_the_corrected_text_passes() -> None:
    # shanghai-putuo/sh-putuo-wanli-subdistrict_2025_dept-budget p.8: the next year says 城管执法
    paragraphs = [
        "25. “城乡社区支出（类）城乡社区管理事务（款）一般行政管理事务（项）”科目1746.42万元，主要用于城乡社区管理事务一般行政管理事务。",
        "26. “城乡社区支出（类）城乡社区管理事务（款）城管执法（项）”科目652.27万元，主要用于城管执法。",
    ]
    assert findings(putuo(paragraphs), "wording.W012") == []


def test_w012_shared_reasons_and_purposes_pass() -> None:
    # xian/15_西安市自然资源和规划局2022年部门综合预算 p.26: one reason for five items, naming none
    xian = (
        "(4)机关事业单位职业年金缴费支出(2080506）541.27 万元，较上年增加 15.15 万元，原因是新增军转干部及招考录用人员，人员经费相应增加；"
        "(5)伤残抚恤(2080802）11.39 万元，较上年增加 6.21 万元，原因是死亡抚恤金支出增加；"
        "(6)其他社会保障和就业支出(2089999）14.12 万元，较上年增加 3.05 万元，原因是新增军转干部及招考录用人员，人员经费相应增加；"
        "(7)行政单位医疗(2101101）324 万元，较上年增加 164.38 万元，原因是新增军转干部及招考录用人员，人员经费相应增加；"
        "(8)事业单位医疗(2101102）173.88 万元，较上年增加 55.15 万元，原因是新增军转干部及招考录用人员，人员经费相应增加。"
    )
    # huzhou/02_湖州市卫生健康委员会2026年部门预算 p.9: the hospitals that spend two items
    huzhou = (
        "（1）科学技术支出（类）基础研究（款）实验室及相关设施（项）83.78 万元，主要用于市中心医院、市一院的支出。"
        "（2）科学技术支出（类）应用研究（款）社会公益研究（项）0.50 万元，主要用于市中医院的支出。"
        "（6）科学技术支出（类）科技条件与服务（款）其他科技条件与服务支出（项）100.00 万元，主要用于市中心医院、市一院的支出。"
    )
    assert findings(putuo([xian, huzhou]), "wording.W012") == []


def test_w012_an_item_may_give_the_reason_of_its_own_kuan() -> None:
    # xian/05_西安市民政局2021年部门综合预算 p.25-26: the 款 临时救助 and its one 项 give one reason
    kuan = (
        "（7）临时救助（20820）1,809.51 万元，较上年减少 77.15 万元，主要原因是根据 2020 年支出情况，"
        "预计 2021 年临时救助人数减少。"
    )
    item = (
        "①流浪乞讨人员救助支出（2082002）1,809.51 万元，较上年减少 77.15 万元，主要原因是根据 2020 年支出情况，"
        "预计 2021 年临时救助人数减少。"
    )
    assert findings(putuo([kuan, item]), "wording.W012") == []
    # the same reason given to a 项 of another 款 names that 款: copied
    other = item.replace("流浪乞讨人员救助支出（2082002）", "儿童福利（2081001）")
    [finding] = findings(putuo([kuan, other]), "wording.W012")
    assert finding.message.startswith("“儿童福利”一项的原因与“临时救助”一项相同")


def test_w012_the_same_item_under_another_kuan() -> None:
    # shanghai-putuo/sh-putuo-wanli-subdistrict_2024_dept-budget p.6, items 2 and 3: five items are
    # 一般行政管理事务 of different 款; item 3 is given item 2's purpose here (the page says 组织事务)
    paragraphs = [
        "2. “一般公共服务支出（类）群众团体事务（款）一般行政管理事务（项）”42.60万元，主要用于群众团体事务一般行政管理事务。",
        "3. “一般公共服务支出（类）组织事务（款）一般行政管理事务（项）”88.87万元，主要用于群众团体事务一般行政管理事务。",
    ]
    [finding] = findings(putuo(paragraphs), "wording.W012")
    assert finding.message.startswith("“组织事务”一项的用途与“群众团体事务”一项相同")
    paragraphs[1] = paragraphs[1].replace("主要用于群众团体事务", "主要用于组织事务")  # as printed
    assert findings(putuo(paragraphs), "wording.W012") == []


def test_w011_a_neighbours_name_in_the_signature() -> None:
    # the signature of huzhou/02 (湖州市卫生健康委员会) were it copied from 湖州市民政局's document;
    # a name whose characters the unit's name shares (民政 in 人民政府) is still another unit
    doc = document([], scope="部门", title="湖州市卫生健康委员会2026年部门预算", unit="湖州市卫生健康委员会")
    doc.issuer = "湖州市民政局"
    [finding] = findings(doc, "wording.W011")
    assert finding.message.startswith("文中写明的单位是“湖州市民政局”（落款“湖州市民政局”）")
    doc = document(
        [],
        scope="部门",
        title="2026年深圳市人民政府国有资产监督管理委员会部门预算",
        unit="深圳市人民政府国有资产监督管理委员会",
    )
    doc.issuer = "深圳市民政局"
    assert len(findings(doc, "wording.W011")) == 1
    doc.issuer = "深圳市国资委"  # its abbreviation
    assert findings(doc, "wording.W011") == []
