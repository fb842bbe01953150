"""Prior-year figures as the text states them (this year's amount ± the change): each rule fires on
a planted or the seed's genuine error and stays silent on text yusuan writes. The three families
on every generated and real document: tests/test_rules_text.py."""

from __future__ import annotations

from decimal import Decimal

from rulekit import KORLA, SEED, SHANGHAI, built, findings, read, set_claim
from yusuan.model.document import Document

# This year's figures of the Korla example and the prior-year figures its text states for them.
STATED_PRIOR = {
    "939.99": "994.00",
    "256.25": "313.00",
    "7.80": "3.00",
    "28.94": "56.00",
    "14.47": "16.00",
    "17.82": "31.00",
    "5.60": "4.00",
    "36.97": "42.00",
    "1051.59": "1146.00",
    "1307.84": "1459.00",
}


def last_year(changes: dict[str, str]) -> Document:
    """The Korla document as last year's would print it: every figure this year's text states a
    prior year for replaced by that prior year."""
    document = built()
    swap = {Decimal(k): v for k, v in changes.items()}
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                if cell.value is not None and cell.value in swap:
                    cell.text = swap[cell.value]
                    cell.value = Decimal(cell.text)
    return document


# ------------------------------------------------------------------ prior.E001


def test_e001_seed_basic_and_project_against_the_total() -> None:
    [finding] = findings(read(SEED), "prior.E001")
    assert "正文所述为 1459.00万元（1307.84 + 151.16 = 1459.00万元）" in finding.message
    assert "基本支出 1147.00（1051.59 + 95.41 = 1147.00万元）" in finding.message
    assert "项目支出 313.00" in finding.message and "= 1460.00万元" in finding.message
    assert "相差 1.00万元" in finding.message
    assert finding.location.sentence is not None and "95.41" in finding.location.sentence


def test_e001_clean_and_planted() -> None:
    assert findings(built(), "prior.E001") == []
    document = built()
    for section in ("expenditure", "general_scale"):  # both state the project change
        document = set_claim(document, section, "减少56.75万元，下降18.13%", "减少57.75万元，下降18.39%")
    [finding] = findings(document, "prior.E001")
    assert "项目支出 314.00" in finding.message and "相差 1.00万元" in finding.message


# ------------------------------------------------------------------ prior.E002


def test_e002_items_against_the_total() -> None:
    assert findings(built(), "prior.E002") == []
    assert findings(read(SEED), "prior.E002") == []  # the seed's eight 项 do add up to 1459
    document = set_claim(built(), "general_usage", "减少54.01万元，下降5.43%", "减少55.01万元，下降5.53%")
    [finding] = findings(document, "prior.E002")
    assert "按8项科目推算为" in finding.message and "= 1460.00万元" in finding.message
    assert "正文所述为 1459.00万元" in finding.message


def test_e002_an_item_that_is_zero_this_year_counts() -> None:
    # suzhou/04 p.34: "（六）商业服务业等支出（类）涉外发展服务支出（款）其他涉外发展服务支出（项）支出
    # 0万元，与上年相比减少 750 万元": no table prints a row of 0, but its prior year is in the total
    document = set_claim(built(), "general_usage", "减少54.01万元，下降5.43%", "减少53.01万元，下降5.33%")
    # the items fall short (1458 against 1459): a subject of last year's may be missing — a warning
    assert len(findings(document, "prior.W002")) == 1 and findings(document, "prior.E002") == []
    section = document.section("general_usage")
    section.paragraphs.append(
        "9. 商业服务业等支出（类）涉外发展服务支出（款）其他涉外发展服务支出（项）：2024年预算数为0万元，"
        "比上年预算减少1.00万元，下降100%，主要原因是：项目结束。"
    )
    set_claim(document, "general_usage", "项目结束", "项目结束")  # the claims read again
    assert findings(document, "prior.W002") == []


def test_e002_the_items_of_a_class_against_the_class() -> None:
    # js-high-court 2018 p.17 and p.19: "公共安全（类）支出26200.88万元…与上年相比增加2687.77万元",
    # its six 法院 项 with their changes imply a prior 10.00 higher (392.92 printed for 382.92).
    # Korla: 一般公共服务 (201) is 行政运行 939.99 (−54.01) + 其他…事务支出 256.25 (−56.75) = 1196.24
    def with_class(change: str) -> object:
        document = built()
        document.section("general_usage").paragraphs.insert(
            0, f"一般公共服务（类）支出1196.24万元，比上年预算减少{change}万元。"
        )
        return set_claim(document, "general_usage", "相关支出减少", "相关支出减少")  # read again

    assert findings(with_class("110.76"), "prior.E002") == []  # type: ignore[arg-type]
    [finding] = findings(with_class("100.76"), "prior.E002")  # type: ignore[arg-type]
    assert finding.message.startswith("“一般公共服务”的上年数：正文所述为 1297.00万元")
    assert "按2项科目推算为 994.00 + 313.00 = 1307.00万元；相差 10.00万元" in finding.message


def _text_only(*paragraphs: str) -> Document:
    """A document of one section of text, as read (no tables): the rule works from the text's codes."""
    from rulekit import with_claims
    from yusuan.model.document import Section

    section = Section(key="general_usage", title="一般公共预算拨款支出明细情况", paragraphs=list(paragraphs))
    return with_claims(
        Document(
            layout="unknown", year=2022, scope="部门", unit_name="西安市气象局", title="", sections=[section]
        )
    )


# xian/12 2022 p.9 and p.11: the total, then the 8 项 by their codes, seven "上年度该科目无预算资金"
XIAN_12_ITEMS = [
    "2022年本部门一般公共财政拨款支出1899.9万元，其中基本支出183.93万元，专项业务经费支出1715.97万元。",
    "（1）机关事业单位职业年金缴费支出（2080506）4.36万元，上年度该科目无预算资金；",
    "（2）其他社会保障和就业支出（2089901）0.1万元，上年度该科目无预算资金；",
    "（3）气象服务（2200509）1396.15万元，上年度该科目无预算资金；",
    "（5）气象信息传输及管理（2200507）14.25万元，上年度该科目无预算资金。",
    "（6）住房公积金（2210201）9.57万元，上年度该科目无预算资金。",
    "（7）事业单位医疗（2101102）4.16万元，上年度该科目无预算资金。",
    "（8）公务员医疗补助（2101103）1.36万元，上年度该科目无预算资金。",
]


def test_e002_items_by_the_codes_the_text_prints_and_no_prior_budget() -> None:
    items = [
        *XIAN_12_ITEMS[:4],
        "（4）气象事业机构（2200504）469.93万元，较上年减少1022.86万元。",
        *XIAN_12_ITEMS[4:],
    ]
    [finding] = findings(
        _text_only("2022年本部门一般公共预算拨款收入1899.9万元，较上年增加406.39万元。", *items), "prior.W002"
    )
    assert "正文所述为 1493.51万元" in finding.message and "按8项科目推算为" in finding.message
    assert "= 1492.79万元；相差 -0.72万元" in finding.message
    # the same items with a change that accounts for the total (1493.51 − 469.93 = 1023.58)
    fixed = [
        *XIAN_12_ITEMS[:4],
        "（4）气象事业机构（2200504）469.93万元，较上年减少1023.58万元。",
        *XIAN_12_ITEMS[4:],
    ]
    assert (
        findings(
            _text_only("2022年本部门一般公共预算拨款收入1899.9万元，较上年增加406.39万元。", *fixed),
            "prior.W002",
        )
        == []
    )


def test_e002_silent_where_an_item_is_not_read() -> None:
    # xian/17 2025 p.10: "4.行政单位离退休（2080501）0.36万元，较上年无增减" and "7.…（2089999）1.80万元，
    # 较上年不可比，上年基数为零" state no change yusuan reads: 9 of 11 项, 2.16 short of 5,093.76
    document = _text_only(
        "本部门当年一般公共预算拨款支出5,093.76万元，较上年增加662.08万元，增长14.94%。",
        "1.行政运行（2010301）1,501.46万元，较上年增加50.95万元，增长3.51%；",
        "2.政务公开审批（2010306）3,013.00万元，较上年增加609.33万元，增长25.35%；",
        "3.培训支出（2050803）20.00万元，较上年减少42.50万元，下降68.00%；",
        "5.机关事业单位基本养老保险缴费支出（2080505）146.54万元，较上年增加4.56万元，增长3.21%；",
        "6.机关事业单位职业年金缴费支出（2080506）78.27万元，较上年增加7.28万元，增长10.25%；",
        "8.行政单位医疗（2101101）46.93万元，较上年增加1.77万元，增长3.92%；",
        "9.公务员医疗补助（2101103）38.42万元，较上年增加23.60万元，增长159.24%；",
        "10.住房公积金（2210201）127.32万元，较上年减少16.12万元，下降11.24%；",
        "11.购房补贴（2210203）119.66万元，较上年增加21.39万元，增长21.77%。",
    )
    assert findings(document, "prior.E002") == []


def test_e002_economic_classes_by_their_codes() -> None:
    # xian/07 2022 p.15 and p.17: 312 "减少2035.15" where the function list has 公共租赁住房 减少3000.00
    def economic(change: str) -> Document:
        return _text_only(
            "2022年本部门当年一般公共预算拨款支出2518.06万元，较上年减少3083.36万元。",
            "2022年本部门当年一般公共预算支出2518.06万元，其中：",
            "工资福利支出(301)1232.81万元，较上年减少136.51万元，原因是增加两名退休人员，工资福利减少；",
            "商品和服务支出(302)268.85万元，较上年增加28.01万元，原因是转业干部增加，预算增加；",
            "对个人和家庭的补助支出(303)51.55万元，较上年增加25.14万元，原因是转业干部增加；",
            f"对企业的补助(312)964.85万元，较上年减少{change}万元，原因是企改革发展专项资金减少；",
        )

    # the classes fall short of last year's total: a warning (a class budgeted last year only would too)
    assert findings(economic("2035.15"), "prior.E002") == []
    [finding] = findings(economic("2035.15"), "prior.W002")
    assert "正文所述为 5601.42万元" in finding.message
    assert "按4项科目推算为 1369.32 + 240.84 + 26.41 + 3000.00 = 4636.57万元" in finding.message
    assert findings(economic("3000.00"), "prior.W002") == []  # 1369.32 + 240.84 + 26.41 + 3964.85


def test_e002_the_government_classes_repeat_the_departments() -> None:
    # xian/07 2022 pp.17–18: the government's classes (501 …) repeat the department's (301 …) changes:
    # each list falls short of the total, each is reported
    lines = (
        "2022年本部门当年一般公共预算拨款支出2518.06万元，较上年减少3083.36万元。",
        "2022年本部门当年一般公共预算支出2518.06万元，其中：",
        "工资福利支出(301)1232.81万元，较上年减少136.51万元；",
        "商品和服务支出(302)268.85万元，较上年增加28.01万元；",
        "对个人和家庭的补助支出(303)51.55万元，较上年增加25.14万元；",
        "对企业的补助(312)964.85万元，较上年减少2035.15万元；",
    )
    government = (
        "机关工资福利支出(501)1232.81万元，较上年减少136.51万元；",
        "机关商品和服务支出(502)268.85万元，较上年增加28.01万元；",
        "对企业资本性支出(508)964.85万元，较上年减少2035.15万元；",
        "对个人和家庭的补助支出(509)51.55万元，较上年增加25.14万元。",
    )
    assert len(findings(_text_only(*lines), "prior.W002")) == 1
    both = findings(_text_only(*lines, *government), "prior.W002")
    assert len(both) == 2 and all("= 4636.57万元" in f.message for f in both)


# ------------------------------------------------------------------ prior.E003


def test_e003_last_years_document() -> None:
    document = built()
    assert findings(document, "prior.E003") == []  # no prior-year document: nothing to compare
    assert findings(document, "prior.E003", prior=last_year(STATED_PRIOR)) == []
    wrong = {**STATED_PRIOR, "939.99": "990.00"}
    [finding] = findings(built(), "prior.E003", prior=last_year(wrong))
    assert finding.message.startswith("“行政运行”：按本年正文推算的上年数：939.99 + 54.01 = 994.00万元")
    assert "990.00万元" in finding.message


# ------------------------------------------------------------------ prior.W001


def test_w001_two_bases_and_changes_that_name_neither() -> None:
    assert findings(built(KORLA, "shanghai-2023-dept"), "prior.W001") == []
    # huzhou/01 (2026) pp.6, 13: the totals against 上年执行数, 三公 against 上年预算数, each named —
    # the reader can tell (the key rules it out), and so can wanli 2023-2024 (预算 and 预算执行数)
    named = [
        "湖州市交通运输局2026年收入预算201286.11万元，比上年执行数增加81487.86万元，增长68.0%。",
        "湖州市交通运输局2026年“三公”经费预算数为749.83万元，比上年预算数增加78.79万元，增长11.7%。",
        "湖州市交通运输局2026年没有使用国有资本经营预算拨款安排的支出，与上年持平。",
    ]
    assert findings(_text_only(*named), "prior.W001") == []
    assert findings(read(SHANGHAI), "prior.W001") == []
    # a change that names no basis in a document that uses both: against which one?
    bare = "机关运行经费预算数为120.50万元，比上年减少6.20万元，下降4.9%。"
    [finding] = findings(_text_only(*named, bare), "prior.W001")
    assert "以“上年预算”为基础的1处" in finding.message and "以“上年执行数”为基础的1处" in finding.message
    assert (
        "另有1处只写“上年”，未说明比较基础（如“机关运行经费预算数为120.50万元，比上年减少6.20万元"
        in finding.message
    )


# ------------------------------------------------------------------ prior.E004


def test_e004_increase_larger_than_the_amount() -> None:
    assert findings(built(), "prior.E004") == []
    document = set_claim(built(), "general_usage", "增加4.80万元，上涨160.00%", "增加8.80万元，上涨160.00%")
    [finding] = findings(document, "prior.E004")
    assert "7.80 − 8.80 = -1.00万元" in finding.message
    [finding] = findings(read(SHANGHAI), "prior.E004")
    assert finding.message.startswith("“政府性基金拨款支出预算”：正文：0万元，增加1421.25万元")


def test_e004_silent_on_a_change_in_a_sentence_of_its_own() -> None:
    # shenzhen/05 p.7: "…莲塘口岸一站式平台运营管理项目上年结转 66.73 万元，用于…。较 2025 年年初预算
    # 增加 569.63 万元" — the increase is the whole item's (口岸管理业务 40,000.70), printed
    # in the sentence after its last part
    printed = "2024年预算数为7.80万元，比上年预算增加4.80万元"
    document = set_claim(built(), "general_usage", printed, "2024年预算数为7.80万元。比上年预算增加8.80万元")
    assert findings(document, "prior.E004") == []


# ------------------------------------------------------------------ prior.W003

# fuzhou/02 (2026 单位预算) p.26: the income change is stated inside the reason, this year's income
# in the 其中 clause; 一般公共预算拨款支出 of the same amount with another change
FUZHOU_02_P26 = [
    "2026年,福州市公安局治安管理支队收入预算为2796.14万元，比上年增加129.07万元，增长4.84%，"
    "主要原因是一般公共预算拨款收入增加129.07万元。其中：一般公共预算拨款收入2796.14万元。",
    "相应安排支出预算2796.14万元，比上年增加129.07万元，增长4.84%，主要原因是公共安全支出增加114.4万元。"
    "其中：基本支出2507.88万元、项目支出288.26万元。",
    "2026年度一般公共预算拨款支出2796.14万元，比上年增加166.68万元，增长6.34%，"
    "主要原因是基本支出增加49.12万元，项目支出增加117.56万元。",
]


def test_w003_one_fund_income_and_expenditure_with_two_priors() -> None:
    [finding] = findings(_text_only(*FUZHOU_02_P26), "prior.W003")
    assert finding.severity == "warning"
    assert finding.message.startswith("一般公共预算本年收入与支出同为 2796.14万元")
    assert (
        "“一般公共预算拨款收入”增加129.07万元，上年收入为 2796.14 − 129.07 = 2667.07万元" in finding.message
    )
    assert (
        "“一般公共预算拨款支出”增加166.68万元，上年支出为 2796.14 − 166.68 = 2629.46万元" in finding.message
    )
    assert "相差 37.61万元" in finding.message
    # the same change on both sides: one prior year, nothing to say
    agreed = [FUZHOU_02_P26[0], FUZHOU_02_P26[1], FUZHOU_02_P26[2].replace("166.68", "129.07")]
    assert findings(_text_only(*agreed), "prior.W003") == []


def test_w003_the_same_expenditure_stated_with_two_changes() -> None:
    # xian/21 (2026 部门预算) p.17: §六 and §七 state 一般公共预算拨款支出 13,650.79 with two decreases
    paragraphs = [
        "本部门当年财政拨款支出13,650.79万元，其中：一般公共预算拨款支出13,650.79万元，较上年减少183.49万元，"
        "下降1.33%，下降的主要原因是：落实习惯“过紧日子”要求，厉行节约，压减开支。",
        "本部门当年一般公共预算拨款支出13,650.79万元，较上年减少99.00万元，下降0.72%，"
        "下降的主要原因是：落实习惯“过紧日子”要求，厉行节约，压减开支。",
    ]
    [finding] = findings(_text_only(*paragraphs), "prior.W003")
    assert "一般公共预算本年支出同为 13,650.79万元" in finding.message
    assert (
        "13,834.28" in finding.message
        and "13,749.79" in finding.message
        and "相差 84.49万元" in finding.message
    )


def test_w003_execution_bases_and_final_accounts_are_not_compared() -> None:
    # huzhou/04 (2026) p.4: against last year's execution, income fell and spending rose — both true
    paragraphs = [
        "湖州市退役军人事务局2026年收入预算6256.31万元，比上年执行数减少336.67万元，下降5.0%，主要是阶段性项目的减少。",
        "湖州市退役军人事务局2026年支出预算6256.31万元，比上年执行数增加268.28万元，增长4.0%，主要是人员支出的增长。",
    ]
    assert findings(_text_only(*paragraphs), "prior.W003") == []
    final = _text_only(*FUZHOU_02_P26)
    final.stage = "决算"
    assert findings(final, "prior.W003") == []
