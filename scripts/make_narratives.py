#!/usr/bin/env python3
"""Regenerate samples/narratives/ deterministically: narrative reports with planted errors
for F005, I003 and N001-N004 and traps that must stay quiet (see samples/narratives/README.md).

Each document is also written as a tab-separated text flattening under
tests/fixtures/narratives/, so the same content can be checked through the .txt reader.
Re-running gives byte-identical files (fixed package dates and zip timestamps).

Usage: python3 scripts/make_narratives.py
"""

import datetime as dt
import io
import os
import zipfile

import docx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "samples", "narratives")
TXT = os.path.join(ROOT, "tests", "fixtures", "narratives")
WIDTH = 7

# Document A: a narrative with its form (F005, I003, N001 planted).
A_BEFORE = [
    "平安县2022年医疗救助补助资金绩效自评报告",
    "一、资金安排情况",
    # F005: 820 in the text, 800 in the table. The 其中 sum (500 + 320) is right.
    "2022年，平安县共下达医疗救助资金820万元，其中中央补助资金500万元，县级资金320万元。",
    # quiet: 合计 adds up; 820 - 760 = 60 left; the 含 list is not a breakdown.
    "全年资助参保支出300万元，门诊救助支出160万元，住院救助支出300万元，合计支出760万元，结余60万元（含上年结转资金20万元、利息收入5万元）。",
    # quiet: the fund pool's spending is not the transfer's; a growth rate is no fact.
    "全县医疗救助基金支出2.35亿元，较上年增长12.5%。",
    "二、绩效目标完成情况",
    # N001: 0.61 + 0.86 = 1.47万人次, not 1.52万人次 (住院 and 门诊 split the total).
    "全年直接救助对象1.52万人次，其中：住院救助0.61万人次，门诊救助0.86万人次。",
    # quiet: an incomplete 其中 list below its total.
    "资助困难群众参保8650人，其中特困人员1230人、低保对象5100人。",
    # quiet: three rounded thirds make 100.
    "中央资金33.3万元用于资助参保，省级资金33.3万元用于门诊救助，县级资金33.3万元用于住院救助，合计100万元。",
    # I003: the text says 90%, the table's actual is 96%; 85% is the target.
    "经问卷调查，救助对象满意度为90%，高于年初设定的85%目标。",
    "附表：平安县转移支付区域（项目）绩效目标自评表",
]

A_TITLE = ["平安县医疗救助补助资金转移支付区域（项目）绩效目标自评表", "（2022年度）"]

A_ROWS = [
    ["转移支付（项目）名称", "城乡医疗救助", "", "", "", "", ""],
    ["中央主管部门", "国家医疗保障局", "", "", "", "", ""],
    ["地方主管部门", "平安市医疗保障局", "", "资金使用单位", "平安县医疗保障局", "", ""],
    ["项目资金（万元）", "", "全年预算数（A）", "全年执行数（B）", "预算执行率（B/A）", "", ""],
    ["", "年度资金总额", "800", "760", "95.00%", "", ""],
    ["", "其中：中央补助", "500", "480", "96.00%", "", ""],
    ["", "地方资金", "300", "280", "93.33%", "", ""],
    ["总体目标完成情况", "总体目标", "", "全年实际完成情况", "", "", ""],
    [
        "",
        # quiet: targets (every figure of the target cell is a goal)
        "资助参保人数不低于8000人；救助对象满意度≥85%；住院救助人次不低于6000人次。",
        "",
        "资助参保8650人，住院救助6100人次，救助对象满意度达到预期。",
        "",
        "",
        "",
    ],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "全年实际完成值", "未完成原因和改进措施"],
    ["", "产出指标", "数量指标", "资助参保人数", "≥8000人", "8650人", ""],
    ["", "", "", "住院救助人次", "≥6000人次", "6100人次", ""],
    ["", "满意度指标", "服务对象满意度指标", "救助对象满意度", "≥85%", "96%", ""],
    ["说明", "无", "", "", "", "", ""],
]

# Document B: a narrative without a form (N002, N003, N004 planted).
B = [
    "平山区2023年城乡居民基本医疗保险补助资金绩效评价报告",
    # N002: 382150 × 30元 = 1146.45万元 (at most 1165.56 with 30 read as 30.5), not 1246.45万元.
    "1. 资金执行情况：区级财政根据实际参保人数 382150 人、配套标准 30 元/人，将配套资金 1246.45 万元拨付到位。",
    # quiet: 12640 × 380元 = 480.32万元; 资助标准 is not 配套标准 (no N004).
    "2. 资助情况：全年资助参保 12640 人，资助标准 380 元/人，支出资助资金 480.32 万元。",
    # N003: 38万 / 40万 = 95%, not 90%.
    "3. 数量指标：本年度参保居民人数 38 万人，年初设定值 40 万人，完成率 90%。",
    "4. 质量指标：城乡居民医保参保率 96.3%，资金拨付及时率 100%，完成年初设定值。",
    "5. 服务对象满意度：经第三方调查，参保群众满意度为 93%。",
    # N004: 参保率 96.3% above, 94.1% here; the growth rate is no fact.
    "6. 总体情况：全区城乡居民医保参保率为 94.1%，参保率较上年提高1.2%。",
    # quiet: 1164.45 / 1200 = 97.0375% → 97.04%.
    "7. 预算执行：年初下达预算资金 1200 万元，实际支出 1164.45 万元，执行率 97.04%。",
    # quiet: 382150 agrees with 38万 at its precision; a goal is not an achievement.
    "参保人数 382150 人与参保居民人数 38 万人口径一致；确保参保率稳定在 95% 以上。",
]

FIXED = dt.datetime(2024, 1, 1, 0, 0, 0)


def normalize_zip(path):
    """Rewrite the package with fixed timestamps and a fixed entry order."""
    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def new_doc(title):
    d = docx.Document()
    cp = d.core_properties
    cp.created = FIXED
    cp.modified = FIXED
    cp.last_printed = FIXED
    cp.author = "jixiao samples"
    cp.last_modified_by = "jixiao samples"
    cp.revision = 1
    cp.title = title
    return d


def write_a():
    d = new_doc(A_BEFORE[0])
    for p in A_BEFORE:
        d.add_paragraph(p)
    for p in A_TITLE:
        d.add_paragraph(p)
    t = d.add_table(rows=len(A_ROWS), cols=WIDTH)
    for r, row in enumerate(A_ROWS):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    path = os.path.join(OUT, "narrative_form_2022.docx")
    d.save(path)
    normalize_zip(path)
    lines = A_BEFORE + A_TITLE + ["\t".join(r) for r in A_ROWS]
    write_txt("narrative_form_2022.txt", lines)


def write_b():
    d = new_doc(B[0])
    for p in B:
        d.add_paragraph(p)
    path = os.path.join(OUT, "narrative_only_2023.docx")
    d.save(path)
    normalize_zip(path)
    write_txt("narrative_only_2023.txt", B)


def write_txt(name, lines):
    with open(os.path.join(TXT, name), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    os.makedirs(TXT, exist_ok=True)
    write_a()
    write_b()


if __name__ == "__main__":
    main()
