#!/usr/bin/env python3
"""Writes the .docx fixtures of tests/read_docx.rs with python-docx.

Run from the repository root: python3 scripts/make_docx_fixtures.py
"""
from pathlib import Path

from docx import Document

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "docx"


def selfeval():
    doc = Document()
    doc.add_paragraph("米易县转移支付区域（项目）绩效支出目标自评表")
    doc.add_paragraph("（2022年度）")
    t = doc.add_table(rows=6, cols=5)
    t.style = "Table Grid"
    name = t.cell(0, 1).merge(t.cell(0, 4))
    t.cell(0, 0).text = "项目名称"
    name.text = "城乡医疗救助"
    label = t.cell(1, 0).merge(t.cell(4, 0))
    label.text = "年度资金（万元）"
    for col, text in enumerate(["预算数（A）", "执行数（B）", "执行率（B/A）"], start=2):
        t.cell(1, col).text = text
    rows = [
        ("年度资金总额", ("11", "46.81"), "1078.71", "94.06%"),
        ("其中：中央补助", ("756.03",), "683.18", "90.36%"),
        ("其他资金", ("390.78",), "395.53", "101.22%"),
    ]
    for r, (line, budget, executed, rate) in enumerate(rows, start=2):
        t.cell(r, 1).text = line
        para = t.cell(r, 2).paragraphs[0]
        # Word often splits a number over runs; the reader must join them.
        for piece in budget:
            para.add_run(piece)
        t.cell(r, 3).text = executed
        t.cell(r, 4).text = rate
    t.cell(5, 0).text = "年度总体目标"
    goal = t.cell(5, 1).merge(t.cell(5, 4))
    goal.paragraphs[0].add_run("保障困难群众基本医疗权益")
    goal.add_paragraph("减轻医疗费用负担")
    doc.add_paragraph("米易县共下达医疗救助资金1412.75万元。")
    doc.save(OUT / "selfeval_python_docx.docx")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    selfeval()
