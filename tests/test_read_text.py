"""Reading the explanatory text: claims (numbers and what they are about) and sections.

The sentences below are copied from real documents, line breaks included, so the reader meets
what a text conversion really produces:

* SEED: tests/fixtures/read/korla-2024-unit-budget-seed.txt, 第三部分 (the Korla unit's published 2024
  budget, lines 274–533), converted from its PDF to Markdown;
* SHANGHAI: shanghai-putuo-wanli-subdistrict-2023-dept-budget.pdf (上海市普陀区人民政府万里街道办事处
  2023 部门预算; zxj6827111-blip/tianbaoxitong : uploads/archives/1770007475548-818404804.pdf),
  through ``pdftotext -layout``;
* JIANGSU: jiangsu-procuratorate-2017-dept-budget.pdf (江苏省人民检察院 2017 部门预算;
  ae86jack/open-budget : pdf_files/jszwfw/江苏省人民检察院/2017年省检察院部门预算.pdf), through
  ``pdftotext -layout``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yusuan.budgetfile import load_budget
from yusuan.compute import compute
from yusuan.generate import build_document
from yusuan.layout import load_layout
from yusuan.layout.profile import project_fields
from yusuan.model.document import Claim, Document, Provenance, Section
from yusuan.read.sections import section_key, split_sections
from yusuan.text.claims import extract_claims, normalise, normalise_basis, parse_claim_text

from conftest import KORLA


def lines(text: str, file: str = "test") -> list[tuple[str, Provenance]]:
    """Printed lines with their line numbers, as a text reader gives them."""
    return [
        (line, Provenance(file=file, line=number)) for number, line in enumerate(text.split("\n"), start=1)
    ]


def find(claims: list[Claim], **fields: Any) -> list[Claim]:
    return [c for c in claims if all(getattr(c, k) == v for k, v in fields.items())]


def shape(claim: Claim) -> tuple[Any, ...]:
    return (claim.subject, claim.kind, claim.value, claim.unit, claim.direction, claim.basis)


def all_claims(sections: list[Section]) -> list[Claim]:
    found: list[Claim] = []
    for section in sections:
        found += section.claims
        found += all_claims(section.subsections)
    return found


D = Decimal


# SEED lines 274-533: the whole 第三部分 after its heading, up to "# 单位整体绩效目标表".
SEED_PART3 = """\

#### 一、关于库尔勒经济技术开发区管理委员会党政办公室 2024 年收支预算情况的总体说明

按照全口径预算的原则，库尔勒经济技术开发区管理委员会党政办公室 2024 年所有收入和支出均纳入单位预算管理。收支总预算 1307.84 万元。

收入预算包括：一般公共预算拨款。

支出预算包括：一般公共服务支出、社会保障和就业支出、卫生健康支出、住房保障支出等。

#### 二、关于库尔勒经济技术开发区管理委员会党政办公室 2024 年收入预算情况说明

库尔勒经济技术开发区管理委员会党政办公室收入预算 1307.84 万元，其中：

一般公共预算 1307.84 万元，占 100%，比上年预算减少 151.16 万元，下降 10.36%，主要原因是项目资金减少；

政府性基金预算未安排。

国有资本经营预算未安排。

#### 三、关于库尔勒经济技术开发区管理委员会党政办公室 2024 年支出预算情况说明

库尔勒经济技术开发区管理委员会党政办公室 2024 年支出预算 1307.84 万元，其中：

基本支出 1051.59 万元，占 80.41%，比上年预算减少

95.41 万元，下降 8.33%，主要原因是部门费用根据实际工作需要列支，严把质量、价格关，最大程度上减低运行成本。

项目支出 256.25 万元，占 19.59%，比上年预算减少 56.75 万元，下降 18.13%，主要原因是严格按照项目执行情况支付资金。

#### 四、关于库尔勒经济技术开发区管理委员会党政办公室 2024 年财政拨款收支预算情况的总体说明

2024 年财政拨款收支总预算 1307.84 万元。

收入全部为一般公共预算拨款，无政府性基金预算拨款和国有资本经营预算。

收入预算包括：一般公共预算拨款 1307.84 万元。

一般公共预算支出包括：一般公共服务支出 1196.24 万元，主要用于单位人员工资福利支出和其他政府办公厅（室）及相关机构事务等支出。

2010301 行政运行 939.99 万元；

2010399 其他政府办公厅（室）及相关机构事务支出 256.25 万元；

2080501 行政单位离退休 7.8 万元；

2080505 机关事业单位基本养老保险缴费支出 28.94 万元；

2080506 机关事业单位职业年金缴费支出 14.47 万元；

2101101 行政单位医疗 17.82 万元；

2101103 公务员医疗补助 5.6 万元；

2210201 住房公积金 36.97 万元；

## 五、关于库尔勒经济技术开发区管理委员会党政办公室 2024 年一般公共预算当年拨款情况说明

### （一）一般公共预算当年拨款规模变化情况

库尔勒经济技术开发区管理委员会党政办公室 2024 年一般公共预算拨款合计 1307.84 万元，其中：基本支出 1051.59 万元，比上年预算减少 95.41 万元，下降 8.33%，主要原因是部门费用根据际工作需要列支，严把质量、价格关，最大程度上减低运行成本。

项目支出 256.25 万元，比上年预算减少 56.75 万元，下降 18.13%，主要原因是严格按照项目执行情况支付资金。

### （二）一般公共预算当年拨款结构情况

1. 一般公共服务（类）行政运行及及相关机构事务支出 1196.24 万元，占 91.47 %。

2. 行政单位离退休 7.8 万元，占 0.59 %；

3. 机关事业单位基本养老保险缴费支出 28.94 万元，占 2.21%，；

4. 机关事业单位职业年金缴费支出 14.47 万元，占 1.1 %；

5. 行政单位医疗 17.82 万元，占 1.36 %；

6. 公务员医疗补助 5.6 万元，占 0.43 %；

7. 住房公积金 36.97 万元，占 2.83 %；

### (三) 一般公共预算当年拨款具体使用情况

1. 一般公共服务(类)行政运行:2024 年预算数为 939.99 万元，比上年预算减少 54.01 万元，下降 5.43%，主要原因是：相关支出减少；

2. 其他政府办公厅（室）及相关机构事务支出 2024 年预算数为 256.25 万元，比上年预算减少 56.75 万元，下降 18.13%，主要原因是：严格按照项目执行情况支付资金；

3. 行政单位离退休 2024 年预算数为 7.8 万元，比上年预算增加 4.8 万元，上涨 160%，主要原因是：退休人员增加；

4. 机关事业单位基本养老保险缴费支出 2024 年预算数为 28.94 万元，比上年预算减少 27.06 万元，下降 48.32%，主要原因是：单位人员减少；

5. 机关事业单位职业年金缴费支出 2024 年预算数为 14.47 万元，比上年预算减少 1.53 万元，下降 9.56%，主要原因是：相关费用减少；

6. 行政单位医疗 2024 年预算数为 17.82 万元，比上年预算减少 13.18 万元，下降 9.56%，主要原因是：严格按照项目执行情况支付资金；

7. 公务员医疗补助 2024 年预算数为 5.6 万元，比上年预算增加 1.6 万元，增长 40%，主要原因是：相应支出增加；

8. 住房公积金 2024 年预算数为 36.97 万元，比上年预

算减少 5.03 万元，下降 11.98%，主要原因是：相应支出减少。

## 六、关于库尔勒经济技术开发区管理委员会党政办公室 2024 年一般公共预算基本支出情况说明

库尔勒经济技术开发区管理委员会党政办公室 2024 年一般公共预算基本支出 1051.59 万元，其中：

人员经费 706.14 万元，主要包括：基本工资、津贴补贴、奖金、伙食补助费、绩效工资、机关事业单位基本养老保险缴费、职业年金缴费、职工基本医疗保险缴费、公务员医疗补助缴费、其他社会保障缴费、住房公积金、其他工资福利支出、离休费、退休费、生活补助、奖励金其他对个人和家庭的补助等。

公用经费 345.45 万元，主要包括：办公费、印刷费、咨询费、水费、电费、邮电费、取暖费、物业管理费、差旅费、维修（护）费、租赁费、培训费、公务接待费、专用材料费、被装购置费、劳务费、委托业务费、工会经费、福利费、公务用车运行维护费、其他交通费用、其他商品和服务支出、办公设备购置、专用设备购置等。

## 七、关于库尔勒经济技术开发区管理委员会党政办公室 2024 年一般公共预算项目支出情况说明

1. 项目名称：信息化基础设施建设和设备维护项目

设立的政策依据：依据《新疆维吾尔自治区安全可靠替代工程实施方案》实施；

预算安排规模：40 万元

项目承担单位：开发区管理委员会党政办公室

资金分配情况：信创替代 22.6 万元、电子屏及交换机 11.2 万元、网站维保及网媒体管理 6.2 万元。

资金执行时间：2024 年 1-12 月

2. 项目名称：大楼维修项目

设立的政策依据：根据单位职能和工作计划。

预算安排规模：30 万元

项目承担单位：开发区管理委员会党政办公室

资金分配情况：大楼维修质保金 13.41 万元、电梯设备维护保养服务 2.32 万元、消防设备维保 7 万元、其他维修及维修材料购置 7.27 万元。

资金执行时间：2024 年 1-12 月

3. 项目名称：保洁用品项目

设立的政策依据：根据单位职能和工作计划。

预算安排规模：3 万元

项目承担单位：开发区管理委员会党政办公室

资金分配情况：党政办后勤低值易耗品购置 3 万元。

资金执行时间：2024 年 1-12 月

4. 项目名称：开发区协会会费、法律顾问项目

设立的政策依据：根据单位职能、工作要求和合同约定。

预算安排规模：9 万元

项目承担单位：开发区管理委员会党政办公室

资金分配情况：协会会费 3 万元、法律顾问 6 万元。

资金执行时间：2023 年 1-12 月

5. 项目名称：园区形象宣传项目

设立的政策依据：根据单位职能、工作要求和合同约定。

预算安排规模：34.25 万元

项目承担单位：开发区管理委员会党政办公室

资金分配情况：招商宣传片拍摄尾款 6.25 万元、开发区形象片拍摄 28 万元。

资金执行时间：2024 年 1-12 月

6. 项目名称：招商引资项目

设立的政策依据：根据单位职能、工作要求。

预算安排规模：50 万元

项目承担单位：开发区管理委员会党政办公室

资金分配情况：招商引资差旅费 50 万元。

资金执行时间：2024 年 1-12 月

7. 项目名称：档案馆设备采购及数字化平台建设项目

设立的政策依据：《2024 年巴州档案工作要点》巴党办发〔2024〕2 号。

预算安排规模：80 万元

项目承担单位：开发区管理委员会党政办公室

资金分配情况：数字化平台建设 25 万元、档案馆设备



采购 55 万元。

资金执行时间：2024 年 1-12 月

8. 项目名称：慰问费

设立的政策依据：根据单位职能、工作要求和合同约定。

预算安排规模：10 万元

项目承担单位：开发区管理委员会党政办公室

资金分配情况：节日慰问驻村工作队、企业、社区及公安干警 10 万元。

资金执行时间：2024 年 1-12 月

#### **八、关于库尔勒经济技术开发区管理委员会党政办公室 2024 年政府性基金预算拨款情况说明**

库尔勒经济技术开发区管理委员会党政办公室 2024 年没有使用政府性基金预算拨款安排的支出，政府性基金预算支出情况表为空表。

#### **九、关于库尔勒经济技术开发区管理委员会党政办公室 2024 年国有资本经营预算拨款情况说明**

库尔勒经济技术开发区管理委员会党政办公室 2024 年没有使用国有资本经营预算拨款安排的支出，国有资本经营预算支出情况表为空表。

#### **十、关于库尔勒经济技术开发区管理委员会党政办公室 2024 年财政拨款“三公”经费预算情况说明**

库尔勒经济技术开发区管理委员会党政办公室 2024 年财政拨款“三公”经费数为 67.7 万元，其中：因公出国（境）

费 0 元，公务用车购置费 0 万元，公务用车运行费 64 万元，公务接待费 3.7 万元。

2024 年财政拨款“三公”经费比上年预算增加 0 万元，增长 0%，其中：因公出国（境）费增加 0 万元，增长 0%，主要原因为本年度因公出国（境）预算未安排；公务用车购置费增加 0 万元，增长 0%，主要原因为本年度公务用车购置预算未安排；公务用车运行费增加 0 万元，增长 0%，主要原因为本年度公务用车运行费预算与去年一致，公务接待费增加 0 万元，增长 0%，主要原因是公务接待费预算与去年一致。

## **十一、关于库尔勒经济技术开发区管理委员会党政办公室 2024 年上年结转结余预算情况说明**

库尔勒经济技术开发区管理委员会党政办公室 2024 年无上年结转结余预算的支出，结转结余预算支出情况表为空表。

## **十二、其他重要事项的情况说明**

### **（一）单位运行经费情况**

库尔勒经济技术开发区管理委员会党政办公室 2024 年的行政运行经费财政拨款预算 345.45 万元，比上年预算减少 33.75 万元，下降 8.9%。主要原因是相应支出减少。

### **（二）政府采购情况**

2024 年，库尔勒经济技术开发区管理委员会党政办公室政府采购预算 332.83 万元，其中：政府采购货物预算 82.5 万元，政府采购工程预算 0 万元，政府采购服务预算 250.33

万元。

2024年，库尔勒经济技术开发区管理委员会党政办公室面向中小企业预留政府采购项目预算金额332.83万元，小微企业预留政府采购项目预算金额332.83万元。

### （三）国有资产占用使用情况

截至2024年底，库尔勒经济技术开发区管理委员会党政办公室及下属各预算单位占用使用国有资产总体情况为：

1. 房屋210平方米，价值7.1万元。
2. 车辆22辆，价值476.53万元；其中：轿车13辆，价值162.21万元；越野车7辆，价值190.15万元；其他车辆2辆，价值124.17万元。
3. 办公家具价值0万元。
4. 其他资产价值0万元。

单位价值50万元以上大型设备3套，单位价值100万元以上大型设备0套。

2024年单位预算未安排购置车辆经费，安排购置50万元以上大型设备0套，单位价值100万元以上大型设备0套。

### （四）预算绩效情况

2024年，本单位预算绩效管理整体预算绩效目标1个，涉及金额1307.84万元；当年财政拨款项目8个，涉及预算金额256.25万元；当年非财政拨款项目0个，涉及预算金额0万元。具体情况见下表：
"""

# SHANGHAI lines 66-78 (pdftotext -layout).
SHANGHAI_BUDGET_NOTES = """\
                              部门预算编制说明

  2023年，上海市普陀区人民政府万里街道办事处收入预算16497.86万元，其中：财政拨款收入16497.86万元，比2022年（上一年度，
下同）预算增加1421.25万元；事业收入0万元；事业单位经营收入0万元；其他收入0万元。
  支出预算16497.86万元，其中：财政拨款支出预算16497.86万元，比2022年预算增加1421.25万元。财政拨款支出预算中，一般公共
预算拨款支出预算16497.86万元，比2022年预算增加1421.25万元；政府性基金拨款支出预算0万元，比2022年预算增加1421.25万元；国
有资本经营预算拨款支出预算0万元，比2022年预算持平。
  财政拨款收入支出增加的主要原因是项目调整。
  财政拨款支出主要内容如下：

  1. “一般公共服务支出（类）统计信息事务（款）统计管理（项）”2.63万元，主要用于统计管理。2022年当年预算执行数为1.48
万元，2023年预算安排2.63万元，比2022年预算执行数增加77.70 %。主要原因是：统计管理经费增加。
"""

# SHANGHAI lines 793-816 (pdftotext -layout).
SHANGHAI_OTHER = """\
                              其他相关情况说明

  一、2023年“三公”经费预算情况说明
      2023年“三公”经费预算数为22.91万元，比2022年预算持平。其中：
     （一）、因公出国（境）费0万元，比2022年预算持平。主要原因是因公出国（境）费保持不变。
     （二）、公务车购置及运行费21.56万元，其中：公务用车购置费0万元，比2022年预算持平，主要原因是公务用车购置费保持不
变；公务车用车运行费21.56万元，比2022年预算持平，主要原因是公务车用车运行费保持不变。
     （三）、公务接待费1.35万元。比2022年预算持平，主要原因是公务接待费保持不变。
   二、机关运行经费预算
      2023年上海市普陀区人民政府万里街道办事处（部门）下属1家机关和1家参公事业单位财政拨款的机关运行经费预算为786.09万元
。
  三、政府采购情况
      2023年本部门政府采购预算830.00万元，其中：政府采购货物预算10.00万元、政府采购工程预算550.00万元、政府采购服务预算
270.00万元。
      2023年本部门面向中小企业预留政府采购项目预算金额332.00万元，其中，预留给小型和微型企业的政府采购项目预算为232.40万
元。
  四、绩效目标设置情况
      按照本区预算绩效管理工作的总体要求，本部门2个预算单位开展了2023年项目预算绩效目标编报工作，编报绩效目标的项目5个，
涉及项目预算资金3328.13万元。

  五、国有资产占有情况
    截止2022年12月31日，本部门流动资产448.82万元。固定资产3149.52万元，其中：房屋14609.83平方米；车辆7辆（一般公务用车
3辆，执法执勤用车4辆，特种专业技术用车0辆，其他用车0辆）；单价50万元以上通用设备0台/套；专用设备818台/套（其中：单价100
万元以上专用设备0台/套）；其他固定资产0万元。长期投资0项0万元。在建工程1项12277.73万元。无形资产471项234.37万元。
"""

# JIANGSU lines 770-804 (pdftotext -layout), with the page number 18.
JIANGSU_SUMMARY = """\
第三部分 省检察院 2017 年度部门预算情况说明

       一、收支预算总表情况说明
       2017 年度收入、支出预算总计 17996.68 万元，与上
年相比收、支预算总计各增加                              1463.8   万元，增长
8.85    %。主要是员额制检察官工资改革、退休干警增加及
调整住房补贴等因素形成。其中：
       （一）收入预算总计 17996.68 万元。包括：
       1．财政拨款收入预算总计 17981.68 万元。
       （1）一般公共预算收入预算 17981.68 万元，与上年
相比增加 1454.35 万元，增长 8.8                      %。主要是因员额制
检察官工资改革、退休干警增加及住房补贴政策调整等。
       2．其他资金收入预算总计 15 万元。与上年相比增加
9.45 万元，增长 170.27 %。主要是因代发检察官学院绩效
工资增加等。

                             18
       （二）支出预算总计 17996.68 万元。包括：
       1．公共安全（类）支出 13656.34 万元，主要用于检
察院行政支出及办案业务、检察网络运行维护、检察教育培
训费等项目支出。与上年相比增加                   309.03 万元，增长
2.31      %。主要原因是员额制检察官工资改革增加一定人
员经费支出。

       此外，基本支出预算数为 12323.46 万元。与上年相
比增加 1483.8 万元，增长 13.69 %。主要是因员额制检
察官工资改革、退休干警增加及住房补贴政策调整等因素
增加了支出。

  项目支出预算数为 5533 万元。与上年相比减少 20
万元，减少 0.36 %。主要原因是因人民监督员、特约检察
员转隶省司法厅管辖后压减相关费用预算。

  单位预留机动经费预算数为 140.2 万元。与上年相未
发生变化。
"""

# JIANGSU lines 886-917 (pdftotext -layout), with the page number 22.
JIANGSU_SANGONG = """\
     十一、一般公共预算“三公”经费、会议费、培训费支
出预算表情况说明
     2017 年度一般公共预算拨款安排的“三公”经费预算

支出中，因公出国（境）费支出 110 万元，占“三公”经费的
18.85 %；公务用车购置及运行费支出 317.8 万元，占“三
公”经费的 54.43 %；公务接待费支出 156.55 万元，占“三
公”经费的 26.72 %。具体情况如下：
     1．因公出国（境）费预算支出 110           万元，与上年预
算数相等。
     2．公务用车购置及运行费预算支出 317.8           万元。其
中：
     （1）公务用车购置预算支出          50   万元，与上年预算
数相等，用于省检察院机关执法执勤用车报废更新。
     （2）公务用车运行维护费预算支出             267.8 万元，与

                      22
上年预算数一致。
   3．公务接待费预算支出 156.55 万元，本年数小于上
年预算数 29.65 万元，主要是省检察院党组严格贯彻落实中
央“八项规定”和省委省政府厉行节约相关规定作出的选择。
   省检察院 2017 年度一般公共预算拨款安排的会议费预
算支出 168 万元，本年数等于上年预算数。
   省检察院 2017 年度一般公共预算拨款安排的培训费预
算支出   700 万元，本年数小于上年预算数 220 万元，主要
原因是将本项目 2016 年因故未完成培训任务的资金结转
2017 年继续使用。

   十二、2017 年部门政府采购预算表情况说明
   2017 年我部门政府采购预算总金额为 2889.8 万元。其中
拟购买货物 334 万元；拟购买工程 0 万元；拟购买服务
2555.8 万元。
"""


# --- claims: one paragraph at a time ------------------------------------------------------------


def test_a_usage_item_gives_amount_change_and_percent_about_one_subject() -> None:
    # SEED line 365; the printed 9.56% is wrong (17.82 against 31.00 is 42.52%): the reader
    # returns what is printed and leaves the judgement to the checker.
    claims = extract_claims(
        "6. 行政单位医疗 2024 年预算数为 17.82 万元，比上年预算减少 13.18 万元，下降 9.56%，"
        "主要原因是：严格按照项目执行情况支付资金；"
    )
    assert [shape(c) for c in claims] == [
        ("行政单位医疗", "amount", D("17.82"), "万元", None, None),
        ("行政单位医疗", "change", D("13.18"), "万元", "减少", "上年预算"),
        ("行政单位医疗", "percent", D("9.56"), "%", "下降", "上年预算"),
    ]
    assert [c.text for c in claims] == ["17.82万元", "13.18万元", "9.56%"]


def test_the_three_public_expenses_each_have_their_own_subject() -> None:
    # SEED lines 493-495: the sentence is broken after 因公出国（境）
    text = (
        "库尔勒经济技术开发区管理委员会党政办公室 2024 年财政拨款“三公”经费数为 67.7 万元，其中：因公出国（境）\n"
        "\n"
        "费 0 元，公务用车购置费 0 万元，公务用车运行费 64 万元，公务接待费 3.7 万元。"
    )
    (section,) = split_sections(lines(text))
    assert [(c.subject, c.value, c.unit) for c in section.claims] == [
        ("财政拨款“三公”经费", D("67.7"), "万元"),
        ("因公出国（境）费", D("0"), "元"),
        ("公务用车购置费", D("0"), "万元"),
        ("公务用车运行费", D("64"), "万元"),
        ("公务接待费", D("3.7"), "万元"),
    ]
    assert section.claims[1].text == "0元"
    assert section.claims[1].provenance is not None and section.claims[1].provenance.line == 3


def test_changes_of_zero_keep_their_direction_and_the_basis_carries_through_the_paragraph() -> None:
    # SEED line 497
    claims = extract_claims(
        "2024 年财政拨款“三公”经费比上年预算增加 0 万元，增长 0%，其中：因公出国（境）费增加 0 万元，增长 0%，"
        "主要原因为本年度因公出国（境）预算未安排；公务用车购置费增加 0 万元，增长 0%，主要原因为本年度公务用车"
        "购置预算未安排；公务用车运行费增加 0 万元，增长 0%，主要原因为本年度公务用车运行费预算与去年一致，公务"
        "接待费增加 0 万元，增长 0%，主要原因是公务接待费预算与去年一致。"
    )
    assert [(c.subject, c.kind, c.direction) for c in claims[::2]] == [
        ("财政拨款“三公”经费", "change", "增加"),
        ("因公出国（境）费", "change", "增加"),
        ("公务用车购置费", "change", "增加"),
        ("公务用车运行费", "change", "增加"),
        ("公务接待费", "change", "增加"),
    ]
    assert {c.basis for c in claims} == {"上年预算"}
    # "…预算与去年一致" is a reason, not a flat claim
    assert not find(claims, direction="持平")


def test_staffing_counts_and_changes_of_count() -> None:
    # SEED line 231 (第一部分)
    claims = extract_claims(
        "新疆库尔勒经济技术开发区管理委员会党政办公室编制数45，实有人数43人，其中：在职34人，减少3人；"
        "退休9人，增加0人；离休0人，增加0人。",
        unit="库尔勒经济技术开发区管理委员会党政办公室",  # the unit's name, as the budget gives it
    )
    assert [shape(c) for c in claims] == [
        ("编制数", "count", D(45), None, None, None),
        ("实有人数", "count", D(43), "人", None, None),
        ("在职", "count", D(34), "人", None, None),
        ("在职", "change", D(3), "人", "减少", None),
        ("退休", "count", D(9), "人", None, None),
        ("退休", "change", D(0), "人", "增加", None),
        ("离休", "count", D(0), "人", None, None),
        ("离休", "change", D(0), "人", "增加", None),
    ]


def test_assets_counts_areas_and_values() -> None:
    # SEED lines 521-522
    claims = extract_claims("1. 房屋210平方米，价值7.1万元。")
    assert [shape(c) for c in claims] == [
        ("房屋", "area", D(210), "平方米", None, None),
        ("房屋", "amount", D("7.1"), "万元", None, None),
    ]
    claims = extract_claims(
        "2. 车辆22辆，价值476.53万元；其中：轿车13辆，价值162.21万元；越野车7辆，价值190.15万元；"
        "其他车辆2辆，价值124.17万元。"
    )
    assert [(c.subject, c.kind, c.value, c.unit) for c in claims[:4]] == [
        ("车辆", "count", D(22), "辆"),
        ("车辆", "amount", D("476.53"), "万元"),
        ("轿车", "count", D(13), "辆"),
        ("轿车", "amount", D("162.21"), "万元"),
    ]
    assert [c.subject for c in claims[4:]] == ["越野车", "越野车", "其他车辆", "其他车辆"]


def test_thresholds_are_not_claims() -> None:
    # SEED line 526: 50万元 and 100万元 are thresholds that name the equipment counted
    claims = extract_claims("单位价值50万元以上大型设备3套，单位价值100万元以上大型设备0套。")
    assert [(c.subject, c.value, c.unit) for c in claims] == [
        ("单位价值50万元以上大型设备", D(3), "套"),
        ("单位价值100万元以上大型设备", D(0), "套"),
    ]


def test_a_classification_code_is_kept_as_code() -> None:
    # SEED line 313
    (claim,) = extract_claims("2010301 行政运行 939.99 万元；")
    assert (claim.code, claim.subject, claim.value, claim.unit) == (
        "2010301",
        "行政运行",
        D("939.99"),
        "万元",
    )


def test_a_code_printed_after_the_name_is_kept_as_code() -> None:
    # xian/07 2022 p.15, xian/12 2022 p.11, xian/07 p.17
    cases = {
        "（1）机关事业单位基本养老保险缴费支出(2080505)98.90万元，较上年减少0.73万元": (
            "2080505",
            "机关事业单位基本养老保险缴费支出",
        ),
        "（3）气象服务（2200509）1396.15万元，上年度该科目无预算资金；": ("2200509", "气象服务"),
        "工资福利支出(301)1232.81万元，较上年减少136.51万元": ("301", "工资福利支出"),
        # a 6-digit code is a misprint (the tables print 2101101): cut from the name, not kept
        "（4）行政单位医疗(210101)44.93万元，较上年增加17.94万元": (None, "行政单位医疗"),
    }
    for text, (code, subject) in cases.items():
        claim = extract_claims(text)[0]
        assert (claim.code, claim.subject) == (code, subject), text


def test_the_deepest_classification_name_is_the_subject() -> None:
    # SEED line 355: 一般公共服务(类)行政运行, with the figure after a colon
    claims = extract_claims(
        "1. 一般公共服务(类)行政运行:2024 年预算数为 939.99 万元，比上年预算减少 54.01 万元，下降 5.43%，"
        "主要原因是：相关支出减少；"
    )
    assert {c.subject for c in claims} == {"行政运行"}
    # JIANGSU line 830: 检察（款）行政运行（项）支出
    (amount, *_) = extract_claims("1．检察（款）行政运行（项）支出      7968.14 万元，")
    assert amount.subject == "行政运行"


def test_shanghai_quoted_item_and_the_prior_year_figure() -> None:
    # SHANGHAI lines 76-77 (2023 budget): the first figure is this year's, 1.48 is the 2022
    # execution figure it is compared with, and the percent is measured against it.
    text = (
        "  1. “一般公共服务支出（类）统计信息事务（款）统计管理（项）”2.63万元，主要用于统计管理。2022年当年预算执行数为1.48\n"
        "万元，2023年预算安排2.63万元，比2022年预算执行数增加77.70 %。主要原因是：统计管理经费增加。"
    )
    (section,) = split_sections(lines(text), year=2023)
    assert [shape(c) for c in section.claims] == [
        ("统计管理", "amount", D("2.63"), "万元", None, None),
        ("统计管理", "amount", D("1.48"), "万元", None, "上年预算执行数"),
        ("统计管理", "amount", D("2.63"), "万元", None, None),
        ("统计管理", "percent", D("77.70"), "%", "增加", "上年预算执行数"),
    ]
    assert section.claims[-1].text == "77.70%"
    assert [c.provenance.line for c in section.claims if c.provenance] == [1, 1, 2, 2]


def test_shanghai_flat_comparisons() -> None:
    # SHANGHAI lines 796-800
    claims = extract_claims(
        "（一）、因公出国（境）费0万元，比2022年预算持平。主要原因是因公出国（境）费保持不变。", year=2023
    )
    assert [shape(c) for c in claims] == [
        ("因公出国（境）费", "amount", D(0), "万元", None, None),
        ("因公出国（境）费", "change", D(0), None, "持平", "上年预算"),
    ]
    assert claims[1].text == "持平"


def test_jiangsu_spaced_figures_and_percent() -> None:
    # JIANGSU lines 773-775: figures padded with spaces, the sentence over three lines
    text = (
        "       2017 年度收入、支出预算总计 17996.68 万元，与上\n"
        "年相比收、支预算总计各增加                              1463.8   万元，增长\n"
        "8.85    %。主要是员额制检察官工资改革、退休干警增加及"
    )
    (section,) = split_sections(lines(text))
    assert [shape(c) for c in section.claims] == [
        ("收入、支出预算", "amount", D("17996.68"), "万元", None, None),
        ("收、支预算", "change", D("1463.8"), "万元", "增加", "上年"),
        ("收、支预算", "percent", D("8.85"), "%", "增长", "上年"),
    ]
    assert section.claims[2].text == "8.85%"
    assert section.claims[2].provenance is not None and section.claims[2].provenance.line == 3


def test_jiangsu_shares_of_a_named_whole() -> None:
    # JIANGSU lines 807-808: a justified line with spaces between every character
    claims = extract_claims("一 般 公 共 预 算 收 入         17981.68 万 元 ， 占\n99.92%；")
    # a line end ends a sentence: on its own line "99.92%" is a bare percent (about the subject
    # the paragraph named last) …
    assert [(c.kind, c.subject) for c in claims] == [
        ("amount", "一般公共预算收入"),
        ("percent", "一般公共预算收入"),
    ]
    # … which is why split_sections rejoins the printed lines first
    (section,) = split_sections(
        lines("       一 般 公 共 预 算 收 入         17981.68 万 元 ， 占\n99.92%；")
    )
    assert [shape(c) for c in section.claims] == [
        ("一般公共预算收入", "amount", D("17981.68"), "万元", None, None),
        ("一般公共预算收入", "share", D("99.92"), "%", None, None),
    ]
    # JIANGSU lines 890-891, rejoined: 占“三公”经费的 18.85 %
    claims = extract_claims("支出中，因公出国（境）费支出 110 万元，占“三公”经费的18.85 %；")
    assert shape(claims[1]) == ("因公出国（境）费支出", "share", D("18.85"), "%", None, "“三公”经费")


def test_jiangsu_equal_and_smaller_than_last_year() -> None:
    claims = extract_claims("1．因公出国（境）费预算支出 110           万元，与上年预算数相等。")
    assert [shape(c) for c in claims] == [
        ("因公出国（境）费预算支出", "amount", D(110), "万元", None, None),
        ("因公出国（境）费预算支出", "change", D(0), None, "持平", "上年预算"),
    ]
    claims = extract_claims(
        "3．公务接待费预算支出 156.55 万元，本年数小于上年预算数 29.65 万元，主要是省检察院"
    )
    assert shape(claims[1]) == ("公务接待费预算支出", "change", D("29.65"), "万元", "减少", "上年预算")


def test_no_change_said_as_wu_bianhua() -> None:
    # xian/04 (中共西安市委宣传部2021年部门综合预算) p.11
    claims = extract_claims(
        "公务用车购置费 0 万元，较上年无变化（0%），无变化的主要原因是2020、2021年预算无该项支出。"
    )
    assert shape(claims[1]) == ("公务用车购置费", "change", D(0), None, "持平", "上年")


def test_amount_forms() -> None:
    assert [
        (c.value, c.unit, c.text) for c in extract_claims("收支总预算1307.84万元，大楼维修300000元。")
    ] == [
        (D("1307.84"), "万元", "1307.84万元"),
        (D(300000), "元", "300000元"),
    ]
    (claim,) = extract_claims("合计 2,562,500 元")
    assert (claim.value, claim.text) == (D(2562500), "2,562,500元")
    (claim,) = extract_claims("增长 -5.5%")
    assert (claim.value, claim.direction) == (D("-5.5"), "增长")
    (claim,) = extract_claims("比上年下降2.3个百分点")
    assert shape(claim) == (None, "percent", D("2.3"), "个百分点", "下降", "上年")


@pytest.mark.parametrize(
    "text",
    [
        "根据《关于库尔勒经济技术开发区管理委员会机构编制有关问题的批复》（新党编办〔2013〕124号）",
        "资金执行时间：2024 年 1-12 月",
        "设立的政策依据：《2024 年巴州档案工作要点》巴党办发〔2024〕2 号。",
        "本单位位于库尔勒经济技术开发区开发大道1866号。",
        "截至2024年12月31日，占用使用国有资产总体情况为：",
        "机关事务管理率 >=95%；每次采购成本控制数 <=1.50 万元；规划建筑面积 ≥13459.00(平方米)",
        "沪府规【2016】168号文",
        "1. 项目名称：信息化基础设施建设和设备维护项目",
        "（2）公务用车运行维护费",
    ],
)
def test_dates_document_numbers_list_numbers_and_targets_are_not_claims(text: str) -> None:
    assert extract_claims(text) == []


def test_basis_words() -> None:
    assert normalise_basis("上年预算") == "上年预算"
    assert normalise_basis("2022年预算执行数", 2023) == "上年预算执行数"
    assert normalise_basis("2022年（上一年度，下同）预算", 2023) == "上年预算"
    assert normalise_basis("上年预算数") == "上年预算"
    assert normalise_basis("2023 年度", 2024) == "上年"
    assert normalise_basis("2021年", 2024) == "2021年"


def test_normalise_removes_conversion_spaces_only_around_chinese() -> None:
    text = "2024 年预算数为 17.82 万元，占 80.41 %；1. 30万元"
    norm, index = normalise(text)
    assert norm == "2024年预算数为17.82万元，占80.41%；1. 30万元"
    assert all(text[index[i]] == norm[i] or norm[i] == " " for i in range(len(norm)))
    assert normalise("１３０７．８４万元")[0] == "1307.84万元"


# --- sections ------------------------------------------------------------------------------------

SEED_KEYS = [
    "overview",
    "income",
    "expenditure",
    "fiscal",
    "general",
    "basic",
    "projects",
    "gov_fund",
    "state_capital",
    "sangong",
    "carry_over",
    "other",
]


@pytest.fixture(scope="module")
def seed_sections() -> list[Section]:
    return split_sections(lines(SEED_PART3, "seed.txt"))


def test_the_seed_has_twelve_sections_in_order(seed_sections: list[Section]) -> None:
    assert [s.key for s in seed_sections] == SEED_KEYS
    assert [s.number for s in seed_sections] == [
        "一",
        "二",
        "三",
        "四",
        "五",
        "六",
        "七",
        "八",
        "九",
        "十",
        "十一",
        "十二",
    ]
    assert seed_sections[-1].title == "其他重要事项的情况说明"
    assert [s.key for s in seed_sections[4].subsections] == [
        "general_scale",
        "general_structure",
        "general_usage",
    ]
    assert [s.number for s in seed_sections[4].subsections] == ["（一）", "（二）", "（三）"]
    assert [s.key for s in seed_sections[-1].subsections] == [
        "operating",
        "procurement",
        "assets",
        "performance",
    ]
    # markup is gone from titles, the printed spaces stay
    assert (
        seed_sections[7].title
        == "关于库尔勒经济技术开发区管理委员会党政办公室 2024 年政府性基金预算拨款情况说明"
    )


def test_seed_sentences_broken_by_the_conversion_are_rejoined(seed_sections: list[Section]) -> None:
    expenditure = seed_sections[2]
    assert expenditure.paragraphs[1].startswith(
        "基本支出 1051.59 万元，占 80.41%，比上年预算减少95.41 万元，下降 8.33%，"
    )
    assert [shape(c) for c in expenditure.claims[1:5]] == [
        ("基本支出", "amount", D("1051.59"), "万元", None, None),
        ("基本支出", "share", D("80.41"), "%", None, None),
        ("基本支出", "change", D("95.41"), "万元", "减少", "上年预算"),
        ("基本支出", "percent", D("8.33"), "%", "下降", "上年预算"),
    ]
    # each claim points at the printed line its number is on
    printed = SEED_PART3.split("\n")
    first = printed.index(next(line for line in printed if line.startswith("基本支出 1051.59"))) + 1
    assert printed[first + 1].startswith("95.41 万元")
    assert [c.provenance.line for c in expenditure.claims[1:5] if c.provenance] == [
        first,
        first,
        first + 2,
        first + 2,
    ]
    projects = seed_sections[6]
    assert "资金分配情况：数字化平台建设 25 万元、档案馆设备采购 55 万元。" in projects.paragraphs
    assert "预算安排规模：40 万元" in projects.paragraphs  # a label line is not joined to the next
    usage = seed_sections[4].subsections[2]
    assert usage.paragraphs[-1].startswith(
        "8. 住房公积金 2024 年预算数为 36.97 万元，比上年预算减少 5.03 万元"
    )


def test_seed_claim_counts(seed_sections: list[Section]) -> None:
    def counts(sections: list[Section]) -> dict[str, int]:
        found: dict[str, int] = {}
        for section in sections:
            found[section.key] = len(section.claims)
            found |= counts(section.subsections)
        return found

    assert counts(seed_sections) == {
        "overview": 1,
        "income": 5,
        "expenditure": 9,
        "fiscal": 11,
        "general": 0,
        "general_scale": 7,
        "general_structure": 14,
        "general_usage": 24,
        "basic": 3,
        "projects": 24,
        "gov_fund": 0,
        "state_capital": 0,
        "sangong": 15,
        "carry_over": 0,
        "other": 0,
        "operating": 3,
        "procurement": 6,
        "assets": 16,
        "performance": 6,
    }
    medical = find(seed_sections[4].subsections[2].claims, subject="行政单位医疗")
    assert [(c.kind, c.value) for c in medical] == [
        ("amount", D("17.82")),
        ("change", D("13.18")),
        ("percent", D("9.56")),
    ]


def test_shanghai_unnumbered_parts_hold_numbered_sections() -> None:
    sections = split_sections(lines(SHANGHAI_BUDGET_NOTES + "\n" + SHANGHAI_OTHER, "shanghai.pdf"))
    assert [(s.key, s.number, s.title) for s in sections] == [
        ("budget_notes", None, "部门预算编制说明"),
        ("other", None, "其他相关情况说明"),
    ]
    assert [(s.key, s.number) for s in sections[1].subsections] == [
        ("sangong", "一"),
        ("operating", "二"),
        ("procurement", "三"),
        ("performance", "四"),
        ("assets", "五"),
    ]
    assert sections[1].subsections[0].title == "2023年“三公”经费预算情况说明"
    # （一）、因公出国（境）费0万元，… is a paragraph, not a heading
    assert len(sections[1].subsections[0].paragraphs) == 4
    notes = sections[0]
    # the year is the latest one the text names repeatedly (2023), so 2022 reads as 上年
    assert find(notes.claims, subject="财政拨款收入", kind="change")[0].basis == "上年预算"
    assert find(notes.claims, subject="统计管理", kind="percent")[0].basis == "上年预算执行数"
    vehicles = find(sections[1].subsections[4].claims, subject="一般公务用车")
    assert [(c.value, c.unit) for c in vehicles] == [(D(3), "辆")]


def test_jiangsu_headings_broken_over_lines_and_page_numbers() -> None:
    sections = split_sections(lines(JIANGSU_SUMMARY + "\n" + JIANGSU_SANGONG, "jiangsu.pdf"))
    assert [(s.key, s.number) for s in sections] == [
        ("summary", "一"),
        ("sangong", "十一"),
        ("procurement", "十二"),
    ]
    assert sections[1].title == "一般公共预算“三公”经费、会议费、培训费支出预算表情况说明"
    # the page number 22 between "与" and "上年预算数一致" is dropped and the sentence rejoined
    assert (
        "（2）公务用车运行维护费预算支出             267.8 万元，与上年预算数一致。" in sections[1].paragraphs
    )
    flats = find(sections[1].claims, direction="持平")
    assert [(c.subject, c.text) for c in flats] == [
        ("因公出国（境）费预算支出", "相等"),
        ("公务用车购置预算支出", "相等"),
        ("公务用车运行维护费预算支出", "一致"),
        ("一般公共预算拨款安排的会议费预算支出", "等于"),
    ]
    summary = sections[0]
    assert "（一）收入预算总计 17996.68 万元。包括：" in summary.paragraphs
    assert shape(find(summary.claims, subject="项目支出预算", kind="percent")[0]) == (
        "项目支出预算",
        "percent",
        D("0.36"),
        "%",
        "减少",
        "上年",
    )
    assert find(summary.claims, subject="单位预留机动经费预算", direction="持平")[0].text == "未发生变化"


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("关于X2024年收支预算情况的总体说明", "overview"),
        ("收支预算总表情况说明", "summary"),
        ("关于X2024年财政拨款收支预算情况的总体说明", "fiscal"),
        ("一般公共预算当年拨款规模变化情况", "general_scale"),
        ("一般公共预算“三公”经费、会议费、培训费支出预算表情况说明", "sangong"),
        ("一般公共预算机关运行经费支出预算表情况说明", "operating"),
        ("财政拨款基本支出预算表情况说明", "fiscal_basic"),
        ("关于X2024年上年结转结余预算情况说明", "carry_over"),
        ("国有资产占有使用情况说明", "assets"),
        ("部门预算编制说明", "budget_notes"),
        ("项目概况", None),
    ],
)
def test_section_keys_by_title_words(title: str, key: str | None) -> None:
    assert section_key(title) == key


def test_unknown_titles_get_a_slug_of_their_number() -> None:
    text = "一、项目概况\n本工程规划建筑面积约为13459平方米。\n（二）实施周期\n第一季度 审价。"
    (section,) = split_sections(lines(text))
    assert section.key == "section_1"
    assert [s.key for s in section.subsections] == ["section_1_2"]


# --- round trip: yusuan's own text --------------------------------------------------------------


def generated(layout: str) -> tuple[Document, dict[str, Any], list[Section]]:
    budget = load_budget(KORLA)
    figures = compute(budget)
    document = build_document(budget, load_layout(layout), figures)
    printed: list[str] = []

    def emit(section: Section) -> None:
        printed.append(section.heading)
        printed.extend(section.paragraphs)
        for sub in section.subsections:
            emit(sub)

    for section in document.sections:
        emit(section)
    read = split_sections([(text, Provenance(line=n)) for n, text in enumerate(printed, start=1)])
    return document, figures.to_json(), read


def numbers(data: object) -> set[Decimal]:
    """Every figure in a JSON-like tree, without sign."""
    if isinstance(data, dict):
        data = list(data.values())
    if isinstance(data, list):
        return set().union(*(numbers(value) for value in data))
    if isinstance(data, str) and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", data):
        return {abs(Decimal(data))}
    if isinstance(data, int | Decimal) and not isinstance(data, bool):
        return {abs(Decimal(data))}
    return set()


def keys(sections: list[Section]) -> list[tuple[str, Any]]:
    return [(s.key, keys(s.subsections)) for s in sections]


@pytest.mark.parametrize("layout", ["xinjiang-2024-unit", "shanghai-2023-dept", "jiangsu-2017-dept"])
def test_generated_sections_read_back_with_their_keys_and_figures(layout: str) -> None:
    document, figures, read = generated(layout)
    assert keys(read) == keys(document.sections)
    computed = numbers(figures)
    sangong = figures["sangong"]
    total = Decimal(sangong["total"])
    # the Jiangsu text prints each item's share of the “三公” total, which to_json does not carry
    computed |= {
        (Decimal(sangong[item]) * 100 / total).quantize(Decimal("0.01"))
        for item in ("overseas", "vehicles", "reception")
    }
    budget = numbers(load_budget(KORLA).model_dump(mode="json"))
    claims = all_claims(read)
    assert claims
    for claim in claims:
        # figures of the text come from the computation, or (project allocations, assets) from
        # the budget itself
        assert claim.value in computed | budget, (claim.subject, claim.text, claim.sentence)
    # changes, percents and shares are all computed figures
    for claim in claims:
        if claim.kind in ("change", "percent", "share"):
            assert claim.value in computed, (claim.subject, claim.text, claim.sentence)


def test_generated_usage_reads_back_the_computed_changes() -> None:
    _, figures, read = generated("xinjiang-2024-unit")
    usage = next(s for s in read[4].subsections if s.key == "general_usage")
    by_subject = figures["expenditure"]["by_subject"]
    for code, subject in by_subject.items():
        claims = find(usage.claims, subject=subject["name"])
        change = subject["change"]
        assert [(c.kind, c.value) for c in claims] == [
            ("amount", Decimal(subject["total"])),
            ("change", abs(Decimal(change["amount"]))),
            ("percent", abs(Decimal(change["percent"]))),
        ], code
        assert claims[1].direction == change["direction"]
        assert {c.basis for c in claims[1:]} == {"上年预算"}
    medical = find(usage.claims, subject="行政单位医疗", kind="percent")
    assert [(c.value, c.direction) for c in medical] == [(D("42.52"), "下降")]
    fiscal = next(s for s in read if s.key == "fiscal")
    assert {c.code for c in fiscal.claims if c.code} == set(by_subject)
    sangong = next(s for s in read if s.key == "sangong")
    assert [(c.subject, c.value) for c in find(sangong.claims, direction="持平")] == [
        ("财政拨款“三公”经费", 0),
        ("因公出国（境）费", 0),
        ("公务用车购置费", 0),
        ("公务用车运行费", 0),
        ("公务接待费", 0),
    ]


# --- properties -----------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "万元",
        "元",
        "%",
        " %",
        "人",
        "辆",
        "平方米",
        "年",
        "月",
        "号",
        "，",
        "。",
        "；",
        "：",
        "\n",
        " ",
        "比上年预算",
        "增加",
        "减少",
        "下降",
        "增长",
        "持平",
        "与上年相比",
        "占",
        "的",
        "其中",
        "（",
        "）",
        "（类）",
        "（项）",
        "“",
        "”",
        "〔",
        "〕",
        "《",
        "》",
        ">=",
        "以上",
        "编制数",
        "行政运行",
        "2024",
        "-",
        ".",
        ",",
        "１",
        "．",
        "％",
    ]
)
_TEXT = st.lists(
    st.one_of(_PIECES, st.text(max_size=6), st.decimals(allow_nan=False, allow_infinity=False).map(str)),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_claims_never_raise_and_quote_their_sentence(text: str) -> None:
    for claim in extract_claims(text):
        assert claim.text in claim.sentence
        assert claim.sentence.strip() == claim.sentence and "\n" not in claim.sentence
        value = parse_claim_text(claim.text)
        if value is None:
            assert claim.value == 0 and claim.direction == "持平"
        else:
            assert value == claim.value


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT, max_size=12))
def test_sections_never_raise_and_keep_every_claim_in_a_paragraph(texts: list[str]) -> None:
    sections = split_sections(lines("\n".join(texts)))
    for section in sections:
        for claim in section.claims:
            assert claim.provenance is not None


# --- project notes --------------------------------------------------------------------------------


def test_projects_in_the_shanghai_form() -> None:
    """ "1. NAME" then 一、项目概述 … 四、实施方案 … 六、年度预算安排: the form of the Shanghai
    项目经费情况说明 (as yusuan writes it from the Korla budget)."""
    from yusuan.read.notes import read_projects

    paragraphs = [
        "项目经费情况说明",
        "1. 信息化基础设施建设和设备维护项目",
        "一、项目概述：信息化基础设施建设和设备维护项目，列2010399 其他政府办公厅（室）及相关机构事务支出科目。",
        "二、立项依据：依据《新疆维吾尔自治区安全可靠替代工程实施方案》实施",
        "三、实施主体：开发区管理委员会党政办公室",
        "四、实施方案：信创替代22.60万元、电子屏及交换机11.20万元、网站维保及网媒体管理6.20万元。",
        "五、实施周期：2024年1-12月",
        "六、年度预算安排：40.00万元",
        "七、绩效目标：详见项目绩效目标表。",
        "2. 大楼维修项目",
        "一、项目概述：大楼维修项目。",
        "六、年度预算安排：30.00万元",
        "3. 这不是项目",  # a numbered line without 项目概述 after it
        "其他说明。",
    ]
    fields = project_fields(load_layout("shanghai-2023-dept"))
    first, second = read_projects([(p, None) for p in paragraphs], fields)
    assert (first.number, first.name, first.amount) == (
        1,
        "信息化基础设施建设和设备维护项目",
        Decimal("40.00"),
    )
    assert first.allocations == [
        ("信创替代", Decimal("22.60")),
        ("电子屏及交换机", Decimal("11.20")),
        ("网站维保及网媒体管理", Decimal("6.20")),
    ]
    assert first.period == "2024年1-12月" and first.owner == "开发区管理委员会党政办公室"
    assert (second.number, second.name, second.amount, second.allocations) == (
        2,
        "大楼维修项目",
        Decimal("30.00"),
        [],
    )


def test_a_subject_drops_the_documents_own_unit_name_not_another_word() -> None:
    # fuzhou/01 (收入预算为 61764.88 万元), shenzhen (市局), xian (局机关): the unit names itself before
    # the subject, in full, without its city, or as 本单位/市局; other units' names stay.
    def subject(text: str, unit: str | None) -> str | None:
        return extract_claims(text, unit=unit)[0].subject

    unit = "福州市公安局交通管理支队"
    assert subject("2026年,福州市公安局交通管理支队收入预算为61764.88万元。", unit) == "收入预算"
    assert subject("市公安局交通管理支队收入预算为61764.88万元。", unit) == "收入预算"
    assert subject("本单位一般公共预算拨款安排的机关运行经费支出12.30万元。", unit) == (
        "一般公共预算拨款安排的机关运行经费支出"
    )
    assert subject("市局停车设施建设100.00万元。", "深圳市公安局") == "停车设施建设"
    assert subject("局机关科技业务费20.00万元。", "西安市科学技术局") == "机关科技业务费"
    # a bare 委/局/办 starts item names: not a unit
    assert subject("委托业务费20.00万元。", "苏州市审计局") == "委托业务费"
    assert subject("局域网建设20.00万元。", "苏州市审计局") == "局域网建设"
    assert subject("深圳市社会保险基金管理局宝安分局预算2,000.00万元。", "深圳市人力资源和社会保障局") == (
        "深圳市社会保险基金管理局宝安分局预算"
    )
    # a court's own function item is not its name: 其他法院支出 (2040499) stays whole
    assert subject("其他法院支出35.00万元。", "江苏省高级人民法院") == "其他法院支出"


def test_a_numbered_line_starting_with_a_code_is_a_group_not_a_heading() -> None:
    # quanzhou/01 p.25: "（四）2010399-其他政府办公厅（室）及相关机构事务" / "支出 3942.61 万元。"
    text = (
        "五、一般公共预算支出情况说明\n"
        "（四）2010399-其他政府办公厅（室）及相关机构事务\n"
        "支出3942.61万元，主要用于机关运转。\n"
    )
    (section,) = split_sections(lines(text))
    assert section.subsections == []
    (claim,) = [c for c in section.claims if c.kind == "amount"]
    assert (claim.code, claim.subject) == ("2010399", "其他政府办公厅（室）及相关机构事务支出")


def test_spending_after_a_count_is_the_counted_things_not_the_total() -> None:
    # shenzhen/08 p.4: "采购大厅纠纷调解社工 23 名支出 373.66 万元" is not 支出 (the total)
    claims = extract_claims("主要包括：采购大厅纠纷调解社工 23 名支出 373.66 万元（含 2025 年合同尾款）。")
    assert [(c.subject, c.kind) for c in claims] == [
        ("采购大厅纠纷调解社工", "count"),
        ("采购大厅纠纷调解社工支出", "amount"),
    ]


def test_a_sentence_without_subject_after_an_items_list_speaks_of_the_item() -> None:
    # shenzhen/05 p.7
    claims = extract_claims(
        "2.口岸管理业务 40,000.70 万元,主要包括：口岸管养工作38,297.20 万元，用于管理维护工作；"
        "莲塘口岸一站式平台运营管理项目上年结转 66.73 万元，用于专业管理服务。"
        "较 2025 年年初预算增加 569.63 万元，增幅 1.4%。",
        year=2026,
    )
    assert [(c.subject, c.kind) for c in claims[-2:]] == [
        ("口岸管理业务", "change"),
        ("口岸管理业务", "percent"),
    ]


def test_a_bound_is_not_a_change() -> None:
    # shenzhen/24 p.41: "出具碳排放核查报告的数量不少于 2025 年度深圳碳市场重点排放单位数量的 90%"
    claims = extract_claims(
        "出具碳排放核查报告的数量不少于 2025 年度深圳碳市场重点排放单位数量的 90%。", year=2026
    )
    assert [(c.kind, c.direction) for c in claims] == [("percent", None)]
    (claim,) = extract_claims("本年数小于上年预算数29.65万元。", year=2026)
    assert (claim.kind, claim.direction) == ("change", "减少")


def test_glossary_entries_numbered_with_figures() -> None:
    # huzhou/01 三、名词解释: "1.财政拨款收入：本级财政部门当年拨付的财政预算资金…"
    from yusuan.read.notes import read_glossary

    entries = read_glossary(
        [
            "1.财政拨款收入：本级财政部门当年拨付的财政预算资金，包括一般公共预算财政拨款。",
            "（2）事业收入：指事业单位取得的收入。",
        ]
    )
    assert [e.term for e in entries] == ["财政拨款收入", "事业收入"]


def test_a_rate_in_brackets_after_a_change_is_that_changes_rate() -> None:
    # xian/01: "“三公”经费18.6万元，较上年减少24.5万元（43%）" — 43% is stated as the decrease's rate
    claims = extract_claims("2019年“三公”经费预算18.6万元，较上年减少24.5万元（43%）。", year=2019)
    assert [(c.kind, c.direction, c.basis) for c in claims[1:]] == [
        ("change", "减少", "上年"),
        ("percent", "减少", "上年"),
    ]


def test_a_bare_change_sentence_continues_the_item_before_it() -> None:
    # shenzhen/05 pp.6-7: the item's sentence ends a page, its change opens the next one
    text = (
        "1.安全生产和应急管理专项经费 40.00 万元，主要用于排水设施采购 40 万元，用于增强应急排水能力。\n"
        "较 2025 年年初预算增加 40 万元，增幅 100.0%。\n"
        "2.口岸管理业务 40,000.70 万元。"
    )
    (section,) = split_sections(lines(text), year=2026)
    assert len(section.paragraphs) == 2
    (change,) = find(section.claims, kind="change")
    assert change.subject == "安全生产和应急管理专项经费" and change.value == Decimal("40")


def test_what_an_amount_is_used_for_is_its_subject() -> None:
    # shanghai-city/16 p.6: "“农林水支出”科目83万元，主要用于主要用于人员经费18万元、公用经费58万元"
    claims = extract_claims("2.“农林水支出”科目83万元，主要用于主要用于人员经费18万元、公用经费58万元。")
    assert [(c.subject, c.value) for c in claims][1:] == [
        ("人员经费", Decimal("18")),
        ("公用经费", Decimal("58")),
    ]
    # a bare 用于 may begin a subject's own name: 2296002 用于社会福利的彩票公益金支出 (the fictional
    # budget's 政府性基金 section; issue 9's mutation test lost it when 用于 was cut)
    (claim,) = extract_claims("其中：用于社会福利的彩票公益金支出15.00万元。")
    assert claim.subject == "用于社会福利的彩票公益金支出"


def test_a_part_titled_with_the_units_name_is_a_heading_in_any_layout() -> None:
    # shanghai-city/01 p.3: "上海市医疗保险事业管理中心（单位）主要职能", centred, no number. Without
    # the Shanghai profile (a layout nobody built) it must still end the paragraph before it, or
    # its （单位） reads as a template gloss left in the text
    unit = "上海市医疗保险事业管理中心"
    text = (
        "六、其他相关情况说明\n"
        "            上海市医疗保险事业管理中心（单位）主要职能\n"
        "上海市医疗保险事业管理中心是参照公务员法管理的全额拨款事业单位。\n"
        "            上海市医疗保险事业管理中心（单位）机构设置\n"
        "上海市医疗保险事业管理中心单位设13个内设机构。"
    )
    sections = split_sections(lines(text), unit=unit)
    titles = [s.title for s in sections] + [c.title for s in sections for c in s.subsections]
    assert "上海市医疗保险事业管理中心（单位）主要职能" in titles
    assert "上海市医疗保险事业管理中心（单位）机构设置" in titles
    # the unit's name alone before a sentence is no heading
    (section,) = split_sections(lines("一、概况\n上海市医疗保险事业管理中心主要职能包括：结算。"), unit=unit)
    assert section.title == "概况"


def test_a_list_goes_on_over_a_line_that_ends_in_a_semicolon() -> None:
    # shenzhen/05 p.7: a 公文 page of 28 characters a line; the line that ends "…咨询研究等；" is
    # as wide as the others, so the next project is still item 2's, and the change that closes
    # the item ("较2025年年初预算增加569.63万元，增幅1.4%") is 口岸管理业务's, not the last project's
    text = (
        "  2.口岸管理业务 40,000.70 万元,主要包括：口岸管养工作\n"
        "38,297.20 万元，用于开展除广深港高铁西九龙站口岸外的 7 个\n"
        "岸优化提升项目 19.60 万元，用于海空港口岸优化咨询研究等；\n"
        "新皇岗口岸联检大楼管理咨询服务项目 49.50 万元，用于提前\n"
        "发现并解决新皇岗口岸联检大楼设计建设中的问题的咨询等；\n"
        "莲塘口岸一站式平台运营管理项目上年结转 66.73 万元，用于\n"
        "莲塘口岸一站式专业管理服务。较 2025 年年初预算增加 569.63\n"
        "万元，增幅 1.4%。\n"
        "  3.上级转移支付项目 10,289.74 万元,主要包括：广深港高\n"
        "铁西九龙站内地口岸区物业管理服务 2,520.00 万元，上年结转"
    )
    (section,) = split_sections(lines(text), year=2026)
    assert len(section.paragraphs) == 2
    [change] = [c for c in section.claims if c.kind == "change" and c.value == D("569.63")]
    assert change.subject == "口岸管理业务"


def test_a_change_in_brackets_is_the_bracketed_items() -> None:
    # zhuhai/01 p.30: inside the brackets "比上年" is the comparison, cut from the subject as it is
    # outside them; the change is 公务用车购置费's
    claims = extract_claims(
        "公务用车购置及运行维护费0万元（公务用车购置费0万元，比上年增加0万元；公务用车运行维护费0万元，"
        "比上年增加0万元。）比上年增加0万元，增长0%，主要原因是与上年持平。"
    )
    changes = [c.subject for c in claims if c.kind == "change"]
    assert changes[:2] == ["公务用车购置费", "公务用车运行维护费"]
    assert "比上年" not in changes
