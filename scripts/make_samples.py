#!/usr/bin/env python3
"""Regenerate every file under samples/ deterministically.

The four seeds (text flattenings of real self-evaluation reports) are rebuilt as real
.docx/.xlsx/.xls with their table structure restored, and a handful of designed variants
exercise layouts the seeds do not have. Re-running gives byte-identical files: package
dates are fixed, zip entries get a fixed timestamp and nothing is random.

Usage: python3 scripts/make_samples.py [--seeds-from DIR]
"""

import argparse
import datetime as dt
import io
import os
import re
import shutil
import sys
import zipfile
from decimal import ROUND_HALF_UP, Decimal

import docx
import openpyxl
import xlwt
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.path.join(ROOT, "samples")
FIXED = dt.datetime(2024, 1, 1, 0, 0, 0)
ZIP_TIME = (2024, 1, 1, 0, 0, 0)
FONT = "宋体"

SEED_FILES = {
    "000": "000_578085824ea13247.txt",
    "001": "001_717aef90079029f5.txt",
    "002": "002_d9e8f365160b70ab.txt",
    "004": "004_ac554894d8ea01b1.txt",
}


# --------------------------------------------------------------------------------------
# Cell values and grids
# --------------------------------------------------------------------------------------


class N:
    """A cell written as `text` in Word, stored as the number `value` in a spreadsheet."""

    def __init__(self, text, value, fmt=None):
        self.text = text
        self.value = value
        self.fmt = fmt

    def __str__(self):
        return self.text


def num(text):
    """An amount as written; spreadsheets keep its decimals visible through the format."""
    s = text.strip()
    if "." in s:
        decimals = len(s.split(".", 1)[1])
        return N(text, float(s), "0." + "0" * decimals)
    return N(text, int(s), None)


def pct(text):
    """A rate such as 94.06%; spreadsheets get 0.9406 with a percent format."""
    s = text.strip().rstrip("%")
    decimals = len(s.split(".", 1)[1]) if "." in s else 0
    value = float(Decimal(s) / Decimal(100))
    fmt = "0%" if decimals == 0 else "0." + "0" * decimals + "%"
    return N(text, value, fmt)


def maybe_int(text):
    """Indicator cells stay text, except a bare integer such as 31811."""
    if isinstance(text, str) and re.fullmatch(r"[0-9]+", text):
        return N(text, int(text), None)
    return text


def text_of(cell):
    if cell is None:
        return ""
    return str(cell)


class Grid:
    """A table as a full grid: origin cells plus merged rectangles (r0, c0, r1, c1)."""

    def __init__(self, ncols, widths=None):
        self.ncols = ncols
        self.rows = []
        self.merges = []
        self.widths = widths or [12] * ncols

    def row(self, *cells):
        """cells: value or (value, span); spans must fill the row exactly."""
        r = len(self.rows)
        line = [None] * self.ncols
        c = 0
        for item in cells:
            value, span = item if isinstance(item, tuple) else (item, 1)
            if c + span > self.ncols:
                raise ValueError(f"row {r} overflows: {cells}")
            line[c] = value if value is not None else ""
            if span > 1:
                self.merges.append([r, c, r, c + span - 1])
            c += span
        if c != self.ncols:
            raise ValueError(f"row {r} has {c} columns, want {self.ncols}: {cells}")
        self.rows.append(line)
        return r

    def vspan(self, col, r0, r1):
        """Merge column `col` (with the horizontal span its origin has) from r0 down to r1."""
        if r1 <= r0:
            return
        c1 = col
        for m in self.merges:
            if m[0] == r0 and m[1] == col and m[2] == r0:
                c1 = m[3]
                self.merges.remove(m)
                break
        for r in range(r0 + 1, r1 + 1):
            for c in range(col, c1 + 1):
                if text_of(self.rows[r][c]) != "":
                    raise ValueError(f"vspan over non-empty cell {r},{c}: {self.rows[r][c]}")
            self.merges = [m for m in self.merges if not (m[0] == r and m[1] == col and m[2] == r)]
        self.merges.append([r0, col, r1, c1])

    def covered(self):
        out = set()
        for r0, c0, r1, c1 in self.merges:
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        out.add((r, c))
        return out

    def texts(self):
        cov = self.covered()
        for r, line in enumerate(self.rows):
            for c, v in enumerate(line):
                if (r, c) not in cov and text_of(v) != "":
                    yield text_of(v)


def indicator_rows(grid, rows, first_col, ncells):
    """Append indicator rows. Each row is (level1, level2, *rest); a None level continues
    the group above (merged down), any string starts a new cell, as the form has it."""
    start = len(grid.rows)
    spans = {first_col: None, first_col + 1: None}
    for i, (l1, l2, *rest) in enumerate(rows):
        r = start + i
        lead = [""] * first_col
        cells = lead + [l1 if l1 is not None else "", l2 if l2 is not None else ""]
        cells += [maybe_int(x) if isinstance(x, str) else x for x in rest]
        width = sum(c[1] if isinstance(c, tuple) else 1 for c in cells)
        if width != ncells:
            raise ValueError(f"indicator row is {width} columns wide: {rest}")
        grid.row(*cells)
        for col, val in ((first_col, l1), (first_col + 1, l2)):
            if val is not None:
                if spans[col] is not None:
                    grid.vspan(col, spans[col], r - 1)
                spans[col] = r
    end = start + len(rows) - 1
    for col in spans:
        if spans[col] is not None:
            grid.vspan(col, spans[col], end)
    return start, end


# --------------------------------------------------------------------------------------
# Document content: a list of blocks
#   ("title", text)   centred bold paragraph (a merged row in spreadsheets)
#   ("p", text)       paragraph
#   ("table", Grid)
# --------------------------------------------------------------------------------------


class Doc:
    def __init__(self, name, title):
        self.name = name
        self.title = title
        self.blocks = []

    def t(self, text):
        self.blocks.append(("title", text))

    def p(self, text):
        self.blocks.append(("p", text))

    def table(self, grid):
        self.blocks.append(("table", grid))

    def bookmark_title(self, text, bookmark):
        self.blocks.append(("title_bm", (text, bookmark)))


# --------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------


def normalize_zip(path, core_fix=True):
    """Rewrite a zip package with fixed entry times and fixed core-property dates."""
    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in entries:
            if core_fix and name == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                    lambda m: m.group(1) + stamp + m.group(3),
                    text,
                )
                data = text.encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            out.writestr(info, data)
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def set_run_font(run, bold=False, size=None):
    run.font.name = FONT
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), FONT)
    if bold:
        run.font.bold = True
    if size:
        run.font.size = Pt(size)


def docx_paragraph_text(par, text, bold=False, size=None):
    run = par.add_run(text)
    set_run_font(run, bold=bold, size=size)
    return run


def write_docx(doc, path):
    d = docx.Document()
    # The default template carries a thumbnail image; the samples hold no images.
    pkg = d.part.package
    for rel in list(pkg.rels.values()):
        if rel.reltype.endswith("/thumbnail"):
            pkg.rels.pop(rel.rId)
    normal = d.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), FONT)

    cp = d.core_properties
    cp.author = "jixiao"
    cp.last_modified_by = "jixiao"
    cp.title = doc.title
    cp.comments = "jixiao sample: " + doc.name
    cp.created = FIXED
    cp.modified = FIXED
    cp.last_printed = FIXED
    cp.revision = 1

    # The template body starts with one empty paragraph only when non-empty; add content.
    for kind, payload in doc.blocks:
        if kind == "title":
            par = d.add_paragraph()
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            docx_paragraph_text(par, payload, bold=True, size=16)
        elif kind == "title_bm":
            text, name = payload
            par = d.add_paragraph()
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            start = par._p.makeelement(qn("w:bookmarkStart"), {qn("w:id"): "0", qn("w:name"): name})
            end = par._p.makeelement(qn("w:bookmarkEnd"), {qn("w:id"): "0"})
            par._p.append(start)
            par._p.append(end)
            docx_paragraph_text(par, text, bold=True, size=16)
        elif kind == "p":
            par = d.add_paragraph()
            docx_paragraph_text(par, payload)
        elif kind == "table":
            write_docx_table(d, payload)
    d.save(path)
    normalize_zip(path)


def write_docx_table(d, grid):
    nrows = len(grid.rows)
    table = d.add_table(rows=nrows, cols=grid.ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    cov = grid.covered()
    for r, line in enumerate(grid.rows):
        for c, v in enumerate(line):
            if (r, c) in cov:
                continue
            text = text_of(v)
            if text == "":
                continue
            cell = table.cell(r, c)
            parts = text.split("\n")
            first = cell.paragraphs[0]
            docx_paragraph_text(first, parts[0])
            for extra in parts[1:]:
                docx_paragraph_text(cell.add_paragraph(), extra)
    for r0, c0, r1, c1 in sorted(grid.merges):
        table.cell(r0, c0).merge(table.cell(r1, c1))


class XlsxSheet:
    def __init__(self, ws):
        self.ws = ws
        self.font = Font(name=FONT, size=10)
        self.align = Alignment(wrap_text=True, vertical="center")

    def put(self, r, c, v):
        cell = self.ws.cell(row=r + 1, column=c + 1)
        if isinstance(v, N):
            cell.value = v.value
            if v.fmt:
                cell.number_format = v.fmt
        else:
            cell.value = v if v != "" else None
        cell.font = self.font
        cell.alignment = self.align

    def merge(self, r0, c0, r1, c1):
        self.ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)

    def width(self, c, w):
        self.ws.column_dimensions[get_column_letter(c + 1)].width = w


class XlsSheet:
    def __init__(self, ws):
        self.ws = ws
        self.styles = {}
        self.pending = {}

    def style(self, fmt):
        key = fmt or "General"
        if key not in self.styles:
            self.styles[key] = xlwt.easyxf(
                "font: name %s, height 200; align: wrap on, vert centre;" % FONT,
                num_format_str=key,
            )
        return self.styles[key]

    def _value(self, v):
        if isinstance(v, N):
            return v.value, v.fmt
        return v, None

    def put(self, r, c, v):
        # Merged cells are written together with their origin by write_merge.
        self.pending[(r, c)] = v

    def merge(self, r0, c0, r1, c1):
        v = self.pending.pop((r0, c0), "")
        value, fmt = self._value(v)
        self.ws.write_merge(r0, r1, c0, c1, value, self.style(fmt))
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                self.pending.pop((r, c), None)

    def flush(self):
        for (r, c), v in sorted(self.pending.items()):
            value, fmt = self._value(v)
            if value == "" or value is None:
                continue
            self.ws.write(r, c, value, self.style(fmt))
        self.pending = {}

    def width(self, c, w):
        self.ws.col(c).width = int(256 * w)


def sheet_layout(sheet, blocks, ncols):
    """Lay blocks out top to bottom: lines as rows merged across, grids as grids."""
    r = 0
    merges = []
    for kind, payload in blocks:
        if kind in ("title", "p", "title_bm"):
            text = payload[0] if kind == "title_bm" else payload
            sheet.put(r, 0, text)
            if ncols > 1:
                merges.append((r, 0, r, ncols - 1))
            r += 1
        elif kind == "blank":
            r += 1
        elif kind == "table":
            grid = payload
            cov = grid.covered()
            for gr, line in enumerate(grid.rows):
                for c, v in enumerate(line):
                    if (gr, c) not in cov:
                        sheet.put(r + gr, c, v)
            for r0, c0, r1, c1 in grid.merges:
                merges.append((r + r0, c0, r + r1, c1))
            r += len(grid.rows)
    for m in sorted(merges):
        sheet.merge(*m)
    return r


def sheet_widths(sheet, blocks, ncols):
    widths = [10] * ncols
    for kind, payload in blocks:
        if kind == "table":
            for c, w in enumerate(payload.widths):
                widths[c] = max(widths[c], w)
    for c, w in enumerate(widths):
        sheet.width(c, w)


def write_xlsx(sheets, path, title):
    """sheets: list of (name, blocks, ncols); ncols 1 means one paragraph per row in A."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, blocks, ncols in sheets:
        ws = wb.create_sheet(name)
        s = XlsxSheet(ws)
        sheet_layout(s, blocks, ncols)
        if ncols == 1:
            s.width(0, 100)
        else:
            sheet_widths(s, blocks, ncols)
    wb.properties.creator = "jixiao"
    wb.properties.lastModifiedBy = "jixiao"
    wb.properties.title = title
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.save(path)
    normalize_zip(path)


def write_xls(sheets, path):
    wb = xlwt.Workbook(encoding="utf-8")
    for name, blocks, ncols in sheets:
        ws = wb.add_sheet(name)
        s = XlsSheet(ws)
        sheet_layout(s, blocks, ncols)
        s.flush()
        if ncols == 1:
            s.width(0, 100)
        else:
            sheet_widths(s, blocks, ncols)
    wb.save(path)



# --------------------------------------------------------------------------------------
# Seeds
# --------------------------------------------------------------------------------------

SEED_DIR = os.path.join(SAMPLES, "seeds")
_seed_cache = {}


def seed_lines(key):
    if key not in _seed_cache:
        with open(os.path.join(SEED_DIR, SEED_FILES[key]), encoding="utf-8") as f:
            _seed_cache[key] = f.read().split("\n")
    return _seed_cache[key]


def L(key, a, b=None):
    """Seed lines a..b (1-based, inclusive) as one cell text: the leading tab of a tab-led
    cell is dropped, continuation lines are kept as lines."""
    lines = seed_lines(key)[a - 1 : (b or a)]
    lines[0] = lines[0][1:] if lines[0].startswith("\t") else lines[0]
    return "\n".join(lines)


def T(key, lineno):
    """Cells of one tab-separated seed line."""
    return seed_lines(key)[lineno - 1].split("\t")


def seed_000():
    k = "000"
    d = Doc("000_miyi_2022", "关于2022年医疗救助资金绩效目标报告")
    lines = seed_lines(k)
    d.t(lines[0])
    for i in range(2, 28):
        if lines[i - 1].strip():
            d.p(lines[i - 1])
    d.p(lines[29])  # 附表：…

    g = Grid(7, widths=[10, 12, 14, 30, 26, 22, 16])
    g.row((L(k, 31).lstrip(" \t"), 7))  # 附件2
    g.row((L(k, 33), 7))
    g.row((L(k, 35), 7))
    g.row((L(k, 37), 7))
    g.row(("转移支付（项目）名称", 2), ("城乡医疗救助", 4), "")
    g.row(("中央主管部门", 2), ("国家医疗保障局", 2), "实施单位", ("米易县医疗保障局", 2))
    g.row(("地方主管部门", 2), "攀枝花市医疗保障局", ("全年预算数（A）", 2), "全年执行数（B）", "预算执行率（B/A)")
    f0 = g.row("项目资金（万元）", ("年度资金总额", 2), (num("1146.81"), 2), num("1078.71"), pct("94.06%"))
    g.row("", ("其中：中央补助", 2), (num("756.03"), 2), num("683.18"), pct("90.36%"))
    f2 = g.row("", ("     其他资金", 2), (num("390.78"), 2), num("395.53"), pct("101.22%"))
    g.vspan(0, f0, f2)
    o0 = g.row("年度总体目标", ("年初设定目标", 3), ("全年实际完成情况", 3))
    o1 = g.row("", (L(k, 77, 79), 3), (L(k, 80), 3))
    g.vspan(0, o0, o1)
    h = g.row("绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "全年完成值", "未完成原因和改进措施")
    _, e = indicator_rows(
        g,
        [
            ("产出\n指标", "数量指标", "医疗救助对象人次规模", L(k, 95), "31811", ""),
            (None, None, "资助参保人次数", "符合资助参保条件的对象人次数", "21575", ""),
            (None, None, "门诊救助人次数", "符合门诊救助条件的对象人次数", "2355", ""),
            (None, None, "住院救助人次数", "符合住院救助条件的对象人次数", "7881", ""),
            (None, None, L(k, 126), "≥70%", "80%", ""),
            (None, "时效指标", "市域内一站式即时结算覆盖地区", "不低于上年", "100%", ""),
            ("效益\n指标", "社会效益", "医疗救助对象覆盖范围", "覆盖人群", L(k, 145), ""),
            (None, None, "困难群众看病就医方便程度", "明显提高", "明显提高", ""),
            (None, None, "困难群众医疗费用负担减轻程度", "有效缓解", "有效缓解", ""),
            (None, "可持续影响指标", "对健全社会救助体系的影响", "成效明显", "成效明显", ""),
            (None, None, "对健全医疗保障体系的作用", "成效明显", "成效明显", ""),
            ("满意度指标", "服务对象满意度指标", "救助对象对救助工作满意度", "≥95%", "98%", ""),
        ],
        1,
        7,
    )
    g.vspan(0, h, e)
    d.table(g)
    return d


def seed_001():
    k = "001"
    d = Doc("001_mianyang_2020", "城乡医疗救助补助资金（普遍补助部分）转移支付区域绩效目标自评表")
    forms = []

    # Form 1: 城乡医疗救助补助资金（普遍补助部分）
    d.t(L(k, 3))
    d.p(L(k, 5))
    g = Grid(7, widths=[12, 14, 14, 30, 26, 20, 16])
    g.row(("转移支付（项目）名称", 2), ("城乡医疗救助补助资金（普遍补助部分）", 5))
    g.row(("中央主管部门", 2), ("国家医保局", 5))
    g.row(("地方主管部门", 2), "省医保局", "资金使用单位", ("绵阳市医疗保障局", 3))
    f0 = g.row("项目资金 （万元）", "", "全年预算数（A）", "全年执行数（B）", ("预算执行率（B/A）", 3))
    g.row("", "年度资金总额：", num("15329.53"), num("11852.5"), (pct("77.32%"), 3))
    g.row("", "其中：中央补助", num("11221.53"), num("11221.53"), (pct("100.00%"), 3))
    g.row("", "地方资金", num("4108"), num("630.97"), (pct("15.36%"), 3))
    f4 = g.row("", "其他资金", "", "", ("", 3))
    g.vspan(0, f0, f4)
    o0 = g.row("总体目标完成情况", ("总体目标", 2), ("全年实际完成情况", 4))
    o1 = g.row("", (T(k, 16)[1], 2), (T(k, 16)[3], 4))
    g.vspan(0, o0, o1)
    h = g.row(*T(k, 17))
    _, e = indicator_rows(
        g,
        [
            ("产出指标", "数量指标", "资助参保人次", "对符合条件的重点救助对象资助参加城乡居", "194279", ""),
            (None, None, "住院救助人次", "原则上不低于上年度前三季度住院救助人次", "150226", ""),
            (None, None, "门诊救助人次", "原则上不低于上年度前三季度门诊救助人次", "21214", ""),
            (None, "质量指标", "门诊医疗费用救助比例", "符合实际", "符合实际", ""),
            (None, None, "住院医疗费用救助比例", "符合实际", "符合实际", ""),
            # Shifted two columns left in the PDF conversion; restored under 质量指标.
            (None, None, "重点救助对象自付费用按规定年度限额", "≥70%", "70%", ""),
            (None, "时效指标", "“一站式”即时结算覆盖率", "不低于上年", "高于上年", ""),
            ("效益指标", "经济效益", "不合理累计结余减少程度", "成效明显", "成效明显", ""),
            (None, "社会效益指标", "医疗救助对象覆盖范围", "逐步扩大", "逐步扩大", ""),
            (None, None, "困难群众看病就医方便程度", "明显提高", "明显提高", ""),
            (None, None, "对健全社会救助体系的影响", "成效明显", "成效明显", ""),
            (None, "生态效益", "困难群众医疗费用负担减轻程度", "有效缓解", "有效缓解", ""),
            ("满意度指标", "服务对象满意度", "政策知晓率", "≥80%", "80%", ""),
            (None, None, "救助对象满意度", "≥85%", "85%", ""),
        ],
        1,
        7,
    )
    g.vspan(0, h, e)
    g.row("说明", ("无", 6))
    d.table(g)
    for n in (34, 36, 38, 40, 42):
        d.p(L(k, n))

    # Form 2: 城乡居民医保补助资金 (half-width brackets and colons, as the seed has them)
    d.t(L(k, 44))
    d.p(L(k, 46))
    g = Grid(7, widths=[12, 14, 14, 32, 24, 20, 16])
    g.row(("转移支付(项目)名称", 2), ("城乡居民医保补助资金", 5))
    g.row(("中央主管部门", 2), ("国家医保局", 5))
    g.row(("地方主管部门", 2), "省医保局", "资金使用单位", ("绵阳市医疗保障局", 3))
    f0 = g.row("项目资金 (万元)", "", "全年预算数 (A)", "全年执行数(B)", ("预算执行率(B/A)", 3))
    g.row("", "年度资金总额:", num("208629.83"), num("208629.83"), (pct("100.00%"), 3))
    g.row("", "其中:中央补助", num("165878.36"), num("165878.36"), (pct("100.00%"), 3))
    g.row("", "地方资金", num("42751.47"), num("42751.47"), (pct("100.00%"), 3))
    f4 = g.row("", "其他资金", "", "", ("", 3))
    g.vspan(0, f0, f4)
    o0 = g.row("总体目标完成情况", ("总体目标", 2), ("全年实际完成情况", 4))
    o1 = g.row("", (T(k, 57)[1], 2), (T(k, 57)[3], 4))
    g.vspan(0, o0, o1)
    h = g.row(*T(k, 58))
    _, e = indicator_rows(
        g,
        [
            ("产出指标", "数量指标", "指标1: 参保人数(万人)", "≥410", "412", ""),
            (None, None, "指标2: 各级财政实际补助标准", "≥550元", "550", ""),
            (None, None, "指标3: 参保居民个人缴费标准", "≥250元", "250", ""),
            (None, "质量指标", "指标1: 以户籍人口数为基数计算的", "≥91.5%", "92.00%", ""),
            (None, None, "指标2: 以常住人口数为基数计算的", "≥98%", "101%", ""),
            (None, None, "指标3: 虚报参保人数(人)", "0", "0", ""),
            (None, None, "指标4: 参保人政策范围内住院费用", "70%左右", "74%", ""),
            (None, None, "指标5: 参保人住院费用实际报销比", "≥40%", "52%", ""),
            ("效益指标", "社会效益", "指标6: 实行按病种(组)、按人头", "普遍开展", "普遍开展", ""),
            (None, None, "指标7: 基金滚存结余可支配月数", "6-9个月", "13", ""),
            (None, "生态效益", "指标8: 开展门诊统筹,逐步向门诊", "普遍开展", "普遍开展", ""),
            # Shifted three columns left in the PDF conversion; restored, group carried.
            (None, None, "指标1: 当年各级财政补助资金到位", "100%", "100%", ""),
            # Shifted one column left: 满意度 is the 一级 cell.
            ("满意度", "经济效益", "不合理累计结余减少程度", "成效明显", "成效明显", ""),
            (None, "服务对象", "指标1: 有效减轻参保人员医疗费用", "财政补助、个人减支高于上", "财政补助、", ""),
            (None, "生态效益", "困难群众医疗费用负担减轻程度", "有效缓解", "有效缓解", ""),
            (None, "服务对象", "指标1: 参保对象满意度(%)", "≥90%", "95%", ""),
        ],
        1,
        7,
    )
    g.vspan(0, h, e)
    g.row(("说明", 2), ("无", 5))
    d.table(g)
    for n in range(77, 82):
        d.p(L(k, n))

    # Form 3: 医疗服务与保障能力提升补助资金（医疗保障能力建设部分）
    d.t(L(k, 83))
    d.p(L(k, 85))
    g = Grid(7, widths=[12, 14, 14, 34, 24, 20, 16])
    g.row(("转移支付（项目）名称", 2), ("中央财政医疗服务与保障能力提升补助资金（医疗保障能力建设部分）", 5))
    g.row(("中央主管部门", 2), ("国家医保局", 5))
    g.row(("地方主管部门", 2), "省医保局", "资金使用单位", ("绵阳市医疗保障局", 3))
    f0 = g.row("项目资金 （万元）", "", "全年预算数（A）", "全年执行数（B）", ("预算执行率（B/A）", 3))
    g.row("", "年度资金总额：", num("259"), num("109.67"), (pct("42.34%"), 3))
    g.row("", "其中：中央补助", num("259"), num("109.67"), (pct("42.34%"), 3))
    g.row("", "地方资金", "", "", ("", 3))
    f4 = g.row("", "其他资金", "", "", ("", 3))
    g.vspan(0, f0, f4)
    o0 = g.row("总体目标完成情况", ("总体目标", 2), ("全年实际完成情况", 4))
    o1 = g.row("", (T(k, 96)[1], 2), (T(k, 96)[3], 4))
    g.vspan(0, o0, o1)
    h = g.row(*T(k, 97))
    _, e = indicator_rows(
        g,
        [
            ("产出指标", "数量指标", "开展全域医保政策宣传活动次数", "2", "4", ""),
            (None, None, "开展医保工作政府信息公开工作会议或培训", "2", "7", ""),
            (None, None, "医保信息系统验收合格率", "100%", "100%", ""),
            ("效益指标", "社会效益指标", "DRG试点进行模拟运行时间", "2020年12月底", "12月模拟运", ""),
            (None, None, "国家15套信息化标准代码贯彻落地", "2020年12月底", "12月贯彻落", ""),
            (None, None, "退役军人参保及关系转移接续系统适应性", "新增功能模块1个", "1", ""),
            (None, None, "参加省局信息化建设工作专班", "1人/期", "4", ""),
            ("满意度", "服务对象", "参保信息核查系统适应性改造", "嵌入核查功能模块1个", "1", ""),
            (None, None, "参保群众政策知晓率", "≥80%", "90%", ""),
            # Both shifted left in the PDF conversion; restored, group carried.
            (None, None, "医保经办服务信息化支撑能力", "完成市县骨干网络搭建", "完成", ""),
            (None, None, "跨省异地就医直接结算率", "≥78%", "78%", ""),
        ],
        1,
        7,
    )
    g.vspan(0, h, e)
    g.row("说明", ("无", 6))
    d.table(g)
    for n in (111, 113, 115, 117, 119):
        d.p(L(k, n))
    return d


def seed_002():
    k = "002"
    d = Doc("002_guangxi_2023", "医疗救助补助资金转移支付区域绩效目标自评表")
    d.p("附件")
    # The flattening shows "[bookmark: _GoBack]": a real Word bookmark on the title.
    d.bookmark_title("医疗救助补助资金转移支付区域绩效目标自评表", "_GoBack")
    d.t("（2023年度）")
    g = Grid(7, widths=[12, 14, 14, 34, 26, 40, 14])
    g.row(("转移支付名称", 2), ("医疗救助补助资金", 5))
    g.row(("中央主管部门", 2), ("国家医疗保障局", 5))
    g.row(("地方主管部门", 2), ("广西壮族自治区医疗保障局", 2), "资金使用单位", ("广西壮族自治区医疗保障局", 2))
    f0 = g.row("资金投入情况", ("", 2), ("全年预  算数（A）", 2), "全年执行 数（B）", "预算执行率（B/A) × 100%")
    g.row("", ("年度资金总额：", 2), (num("278346"), 2), num("278346"), pct("100.00%"))
    g.row("", ("其中： 中央补助", 2), (num("215947"), 2), num("215947"), pct("100.00%"))
    g.row("", ("地方资金", 2), (num("62399"), 2), num("62399"), pct("100.00%"))
    f4 = g.row("", ("其他资金", 2), ("", 2), "", "")
    g.vspan(0, f0, f4)
    m0 = g.row("资金管理情况", ("", 2), ("情况说明", 3), "存在问题和改进措施")
    for label, line in (
        ("分配科学性", 54),
        ("下达及时性", 59),
        ("拨付合规性", 64),
        ("使用规范性", 69),
        ("执行准确性", 74),
        ("预算绩效管理情况", 79),
        ("支出责任履行情况", 84),
    ):
        m1 = g.row("", (label, 2), (L(k, line), 3), "无")
    g.vspan(0, m0, m1)
    o0 = g.row("总体目标完成情况", ("总体目标", 3), ("全年实际完成情况", 3))
    o1 = g.row("", (L(k, 92), 3), (L(k, 93, 96), 3))
    g.vspan(0, o0, o1)
    h = g.row("绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "全年实际完 成值", "未完成原因和改进措施")
    _, e = indicator_rows(
        g,
        [
            ("产出指标", "数量指标", "医疗救助对象人次规模", L(k, 110), L(k, 111), "无"),
            (None, None, L(k, 117), "≥70%", "78.60%", "无"),
            (None, None, "符合资助条件的农村低收入人口资助参保政策覆盖率", "≥99%", "≥99%", "无"),
            (None, "质量指标", "医保综合监管能力", "有所提升", L(k, 135), "无"),
            (None, "时效指标", "市域内“一站式”即时结算覆盖率", "不低于上年", L(k, 143), "无"),
            # The seed has no 效益指标 cell: the 产出指标 cell runs on down these rows.
            (None, "社会效益指标", "城乡医疗救助政策知晓率", "≥80%", "81.77%", "无"),
            (None, None, "困难群众看病就医方便程度", "明显提高", L(k, 159), "无"),
            (None, None, "困难群众医疗费用负担减轻程度", "有效缓解", L(k, 167), "无"),
            (None, "可持续影响指标", "对健全社会救助体系的影响", "成效明显", L(k, 175), "无"),
            (None, None, "对健全医疗保障制度体系的作用", "成效明显", L(k, 183), "无"),
            (L(k, 187, 188), L(k, 189, 190), "救助对象对救助工作满意度", "≥85%", "85.15%", "无"),
        ],
        1,
        7,
    )
    g.vspan(0, h, e)
    g.row("说明", ("", 6))
    g.row((L(k, 199, 201).lstrip("\t"), 7))
    d.table(g)
    return d


def seed_004():
    k = "004"
    d = Doc("004_zhongshan_2022", "2022 年钟山城乡居民基本医疗保险补助资金绩效评价报告")
    lines = seed_lines(k)
    d.t(lines[2])
    for line in lines[3:]:
        if line.strip():
            d.p(line)
    return d


# --------------------------------------------------------------------------------------
# Designed variants. Each builder returns (Doc, expected) where `expected` feeds README.
# --------------------------------------------------------------------------------------


def rate_of(budget, executed, places=2):
    """B/A in percent, rounded half-up to `places` decimals, as a form would print it."""
    q = Decimal(str(executed)) / Decimal(str(budget)) * 100
    return q.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def check_rate(budget, executed, stated):
    if rate_of(budget, executed) != Decimal(stated):
        raise AssertionError(f"rate {stated} is not {executed}/{budget}")


def fw(s):
    """Half-width digits and punctuation to full-width, as some forms are typed."""
    table = {ord(c): ord(c) + 0xFEE0 for c in "0123456789,.%"}
    return s.translate(table)


def scored_fund_block(g, funds):
    """The fund block of a scored project form: 年初预算数 | 全年预算数 | 全年执行数 | 分值 |
    执行率 | 得分, one row per (label, initial, budget, executed, weight, rate, score)."""
    f0 = g.row(("项目资金（万元）", 2), "", ("年初预算数", 2), "全年预算数", "全年执行数", "分值", "执行率", "得分")
    for label, ini, bud, exe, w, rate, sc in funds:
        if bud:
            check_rate(bud, exe, rate.rstrip("%"))
        g.row(
            ("", 2),
            label,
            (num(ini) if ini else "", 2),
            num(bud) if bud else "",
            num(exe) if exe else "",
            num(w) if w not in ("", "—") else w,
            pct(rate) if rate else "",
            num(sc) if sc not in ("", "—") else sc,
        )
    g.vspan(0, f0, f0 + len(funds))


def variant_project_selfeval():
    d = Doc("project_selfeval_2023", "项目支出绩效自评表")
    d.t("项目支出绩效自评表")
    d.p("（2023年度）")
    g = Grid(10, widths=[10, 12, 28, 6, 8, 6, 14, 8, 8, 30])
    g.row(("项目名称", 2), ("义务教育阶段家庭经济困难学生生活补助", 8))
    g.row(("主管部门", 2), ("桐江县教育和体育局", 4), "实施单位", ("桐江县学生资助管理中心", 3))
    funds = [
        ("年度资金总额", "850.00", "920.00", "874.00", "10", "95.00%", "9.5"),
        ("其中：当年财政拨款", "800.00", "870.00", "828.10", "—", "95.18%", "—"),
        ("      上年结转资金", "50.00", "50.00", "45.90", "—", "91.80%", "—"),
        ("      其他资金", "", "", "", "", "", ""),
    ]
    scored_fund_block(g, funds)
    o0 = g.row(("年度总体目标", 2), ("预期目标", 4), ("实际完成情况", 4))
    o1 = g.row(
        ("", 2),
        ("对全县义务教育阶段家庭经济困难寄宿生不少于3200人、非寄宿生不少于1500人发放生活补助，补助资金及时足额发放，确保不让一个学生因家庭经济困难而失学。", 4),
        ("全年资助寄宿生3268人、非寄宿生1420人，补助资金全部发放到位，未发生因贫辍学。", 4),
    )
    g.vspan(0, o0, o1)
    g.row("一级指标", "二级指标", "三级指标", ("年度指标值", 3), "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
    ten = num("10")
    indicator_rows(
        g,
        [
            ("产出指标", "数量指标", "资助家庭经济困难寄宿生人数", "≥", "3200", "人", "3268人", ten, num("10"), ""),
            (None, None, "资助家庭经济困难非寄宿生人数", ("≥1500人", 3), "1420人", ten, num("9"),
             "部分学生转学至外县就读，符合条件的在校学生减少；下一步加强学籍信息动态比对，做到应助尽助。"),
            (None, "质量指标", "资助对象识别精准率", ("100%", 3), "100%", ten, num("10"), ""),
            (None, "时效指标", "补助资金发放及时率", ("≥95%", 3), "92%", ten, num("8"), ""),
            (None, "成本指标", "寄宿生年生活补助标准", ("1000元/人·年", 3), "1000元/人·年", ten, num("10"), ""),
            ("效益指标", "社会效益指标", "家庭经济困难学生因贫辍学人数", ("0人", 3), "0人", ten, num("10"), ""),
            (None, None, "义务教育巩固率", ("≥96%", 3), "98.2%", ten, num("10"), ""),
            (None, "可持续影响指标", "学生资助政策知晓率", ("≥90%", 3), "96.5%", ten, num("10"), ""),
            ("满意度指标", "服务对象满意度指标", "受助学生及家长满意度", ("≥90%", 3), "95%", ten, num("10"), ""),
        ],
        0,
        10,
    )
    g.row(("总分", 7), num("100"), num("96.5"), "")
    d.table(g)
    d.p("填表人：李明    联系电话：0000-1234567    填报日期：2024年3月15日")
    expected = {
        "kind": "project_selfeval",
        "program": "义务教育阶段家庭经济困难学生生活补助",
        "year": 2023,
        "money_unit": "万元",
        "funds": [
            ("total", "年度资金总额", "850.00", "920.00", "874.00", "95.00", "weight 10, score 9.5"),
            ("appropriation", "其中：当年财政拨款", "800.00", "870.00", "828.10", "95.18", "weight/score — (null)"),
            ("carryover", "上年结转资金", "50.00", "50.00", "45.90", "91.80", "weight/score — (null)"),
            ("other", "其他资金", "", "", "", "", "all empty (null)"),
        ],
        "indicators": [
            ("资助家庭经济困难寄宿生人数", "≥ | 3200 | 人 (three cells)", "3268人", "— (op >=, 3200, 人; met)"),
            ("资助家庭经济困难非寄宿生人数", "≥1500人", "1420人", "— (missed, reason given)"),
            ("资助对象识别精准率", "100%", "100%", "—"),
            ("补助资金发放及时率", "≥95%", "92%", "common.funds_timeliness (missed, no reason)"),
            ("寄宿生年生活补助标准", "1000元/人·年", "1000元/人·年", "—"),
            ("家庭经济困难学生因贫辍学人数", "0人", "0人", "—"),
            ("义务教育巩固率", "≥96%", "98.2%", "— (unmapped)"),
            ("学生资助政策知晓率", "≥90%", "96.5%", "common.policy_awareness"),
            ("受助学生及家长满意度", "≥90%", "95%", "common.satisfaction"),
        ],
        "findings": ["I001 on 补助资金发放及时率 (≥95%, actual 92%, reason cell empty)",
                     "S005 on 补助资金发放及时率 (得分 8 of 分值 10, reason cell empty)"],
        "quiet": [
            "I001 on 资助家庭经济困难非寄宿生人数 (missed, but the reason cell explains it)",
            "F001 (every 执行率 equals B/A at 2 decimals), F002, F003 (800.00+50.00=850.00, "
            "870.00+50.00=920.00, 828.10+45.90=874.00), F004 (lowest rate 91.80%)",
        ],
        "notes": [
            "indicator weights 9×10 + fund weight 10 = 总分 100; scores 9.5 + 87 = 96.5",
            "分值/得分 of the sub-lines are written “—” and must read as null",
            "a 填表人 paragraph follows the table; in the xlsx it is a row merged across",
        ],
    }
    return d, expected


def variant_scored(planted):
    """A scored 项目支出绩效自评表: 分值/得分 on the fund block and every indicator, a 总分 row
    and a 自评等级 row. `planted` writes one error of each score rule (S001–S006)."""
    name = "scored_findings_2023" if planted else "scored_clean_2023"
    d = Doc(name, "项目支出绩效自评表")
    d.t("项目支出绩效自评表")
    d.p("（2023年度）")
    g = Grid(10, widths=[10, 12, 28, 6, 8, 6, 14, 8, 8, 30])
    g.row(("项目名称", 2), ("城乡劳动力职业技能培训补助", 8))
    g.row(("主管部门", 2), ("桐江县人力资源和社会保障局", 4), "实施单位", ("桐江县就业服务中心", 3))
    if planted:
        # S001: 10 × 100.00% = 10, not 8
        total = ("年度资金总额", "100.00", "100.00", "100.00", "10", "100.00%", "8")
        sub = ("其中：当年财政拨款", "100.00", "100.00", "100.00", "—", "100.00%", "—")
    else:
        total = ("年度资金总额", "100.00", "100.00", "98.00", "10", "98.00%", "9.8")
        sub = ("其中：当年财政拨款", "100.00", "100.00", "98.00", "—", "98.00%", "—")
    funds = [total, sub, ("      其他资金", "", "", "", "", "", "")]
    scored_fund_block(g, funds)
    g.row("一级指标", "二级指标", "三级指标", ("年度指标值", 3), "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
    late = "部分学员外出务工，培训延期至次年一季度；下一步分批错峰开班。"
    if planted:
        rows = [
            # S006: 80 of ≥100 yet the full 20 (the reason keeps I001 quiet)
            ("产出指标", "数量指标", "培训人次", ("≥100人次", 3), "80人次", num("20"), num("20"), late),
            # S002: 22 of 20
            (None, "质量指标", "培训合格率", ("≥95%", 3), "96%", num("20"), num("22"), ""),
            # S005: 8 of 10, no reason
            (None, "时效指标", "培训按期完成率", ("100%", 3), "100%", num("10"), num("8"), ""),
            ("效益指标", "社会效益指标", "培训后就业率", ("≥80%", 3), "85%", num("20"), num("20"), ""),
            ("满意度指标", "服务对象满意度指标", "学员满意度", ("≥90%", 3), "95%", num("20"), num("20"), ""),
        ]
        # S003: the scores add up to 98, the row says 90; S004: 90 is 优 or 良, not 中
        closing = ("90", "中")
    else:
        rows = [
            ("产出指标", "数量指标", "培训人次", ("≥100人次", 3), "80人次", num("20"), num("16"), late),
            (None, "质量指标", "培训合格率", ("≥95%", 3), "96%", num("20"), num("20"), ""),
            (None, "时效指标", "培训按期完成率", ("100%", 3), "100%", num("10"), num("10"), ""),
            ("效益指标", "社会效益指标", "培训后就业率", ("≥80%", 3), "85%", num("20"), num("20"), ""),
            ("满意度指标", "服务对象满意度指标", "学员满意度", ("≥90%", 3), "95%", num("20"), num("20"), ""),
        ]
        closing = ("95.8", "优")
    indicator_rows(g, rows, 0, 10)
    g.row(("总分", 7), num("100"), num(closing[0]), "")
    g.row(("自评等级", 7), (closing[1], 3))
    d.table(g)
    d.p("填表人：王芳    联系电话：0000-7654321    填报日期：2024年3月20日")
    inds = [
        ("培训人次", "≥100人次", "80人次", "— (missed, reason given)"),
        ("培训合格率", "≥95%", "96%", "—"),
        ("培训按期完成率", "100%", "100%", "—"),
        ("培训后就业率", "≥80%", "85%", "—"),
        ("学员满意度", "≥90%", "95%", "common.satisfaction"),
    ]
    if planted:
        findings = [
            "S001 on the total line (分值 10 × 100.00% = 10, 得分 8)",
            "S002 on 培训合格率 (得分 22 of 分值 20)",
            "S003 on the total score (总分 90, the scores add up to 8 + 20 + 22 + 8 + 20 + 20 = 98)",
            "S004 on the grade 中 (总分 90)",
            "S005 on 培训按期完成率 (得分 8 of 10, reason cell empty)",
            "S006 on 培训人次 (80人次 of ≥100人次, full 20 points)",
        ]
        quiet = ["I001 on 培训人次 (the reason cell explains the miss)",
                 "S003 on the total 分值 (10 + 20 + 20 + 10 + 20 + 20 = 100)"]
    else:
        findings = []
        quiet = ["S001: 10 × 98.00% = 9.8", "S005 and S006 on 培训人次: scored 16 of 20 in proportion, with its reason",
                 "S003: 9.8 + 16 + 20 + 10 + 20 + 20 = 95.8, 分值 add up to 100", "S004: 95.8 is 优"]
    expected = {
        "kind": "project_selfeval",
        "program": "城乡劳动力职业技能培训补助",
        "year": 2023,
        "money_unit": "万元",
        "funds": [
            ("total", "年度资金总额", total[1], total[2], total[3], total[5].rstrip("%"), f"weight {total[4]}, score {total[6]}"),
            ("appropriation", "其中：当年财政拨款", sub[1], sub[2], sub[3], sub[5].rstrip("%"), "weight/score — (null)"),
            ("other", "其他资金", "", "", "", "", "all empty (null)"),
        ],
        "indicators": inds,
        "findings": findings,
        "quiet": quiet,
        "notes": [f"总分 row: 分值 100, 得分 {closing[0]}; 自评等级 {closing[1]} in a row of its own"],
    }
    return d, expected


def variant_dept_overall():
    d = Doc("dept_overall_2022", "部门整体支出绩效自评表")
    d.t("部门整体支出绩效自评表")
    d.p("（2022年度）")
    g = Grid(9, widths=[12, 12, 14, 26, 18, 18, 16, 8, 34])
    g.row(("部门（单位）名称", 2), ("桐江县人力资源和社会保障局", 7))
    g.row(("主管部门", 2), ("桐江县人民政府", 3), "填报单位", ("桐江县人力资源和社会保障局", 3))
    funds = [
        ("年度资金总额", "12860000.00", "13452600.00", "12915438.27", "10", "9.6", ""),
        ("其中：财政拨款", "12360000.00", "12952600.00", "12664938.27", "", "", ""),
        ("其他资金", "500000.00", "500000.00", "250500.00", "", "",
         "其他资金为就业创业培训社会资金，受培训计划调整影响，部分培训班次延至2023年一季度实施。"),
    ]
    f0 = g.row("资金（元）", ("", 2), "年初预算", "调整后预算数", "预算执行数", "权重", "得分", "原因")
    for label, ini, bud, exe, w, sc, why in funds:
        g.row("", (label, 2), num(ini), num(bud), num(exe), num(w) if w else "", num(sc) if sc else "", why)
    g.vspan(0, f0, f0 + len(funds))
    o0 = g.row("年度总体目标", ("年初设定目标", 4), ("全年实际完成情况", 4))
    o1 = g.row(
        "",
        ("落实就业优先政策，全年城镇新增就业4500人以上，开展职业技能培训3000人次以上，城镇登记失业率控制在4.5%以内。", 4),
        ("全年城镇新增就业4862人，开展职业技能培训3125人次，城镇登记失业率3.8%。", 4),
    )
    g.vspan(0, o0, o1)
    h = g.row("绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "权重", "得分", "偏差原因分析及改进措施")
    w15 = num("15")
    _, e = indicator_rows(
        g,
        [
            ("产出指标", "数量指标", "城镇新增就业人数", "≥4500人", "4862人", w15, num("15"), ""),
            (None, None, "职业技能培训人次", "≥3000人次", "3125人次", w15, num("15"), ""),
            (None, "质量指标", "城镇登记失业率", "≤4.5%", "3.8%", w15, num("15"), ""),
            (None, "时效指标", "就业补助资金拨付及时率", "100%", "100%", w15, num("15"), ""),
            ("效益指标", "社会效益指标", "零就业家庭动态清零率", "100%", "100%", w15, num("15"), ""),
            ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "93.6%", w15, num("15"), ""),
        ],
        1,
        9,
    )
    g.vspan(0, h, e)
    g.row(("总分", 6), num("100"), num("99.6"), "")
    d.table(g)
    rates = {f[0]: rate_of(f[2], f[3]) for f in funds}
    expected = {
        "kind": "dept_overall_selfeval",
        "program": "(none: unit 桐江县人力资源和社会保障局)",
        "year": 2022,
        "money_unit": "元",
        "funds": [
            ("total", "年度资金总额", "12860000.00", "13452600.00", "12915438.27",
             f"{rates['年度资金总额']} (computed)", "budget_wan 1345.26, executed_wan 1291.543827; weight 10, score 9.6"),
            ("appropriation", "其中：财政拨款", "12360000.00", "12952600.00", "12664938.27",
             f"{rates['其中：财政拨款']} (computed)", "budget_wan 1295.26, executed_wan 1266.493827"),
            ("other", "其他资金", "500000.00", "500000.00", "250500.00",
             f"{rates['其他资金']} (computed)", "budget_wan 50, executed_wan 25.05; 原因 cell filled"),
        ],
        "indicators": [
            ("城镇新增就业人数", "≥4500人", "4862人", "—"),
            ("职业技能培训人次", "≥3000人次", "3125人次", "—"),
            ("城镇登记失业率", "≤4.5%", "3.8%", "— (op <=, met)"),
            ("就业补助资金拨付及时率", "100%", "100%", "common.funds_timeliness"),
            ("零就业家庭动态清零率", "100%", "100%", "—"),
            ("服务对象满意度", "≥90%", "93.6%", "common.satisfaction"),
        ],
        "findings": [],
        "quiet": [
            f"F004 on other ({rates['其他资金']}% < 90%, but the 原因 cell of that line explains it)",
            "F002, F003 (12360000.00+500000.00=12860000.00; 12952600.00+500000.00=13452600.00; "
            "12664938.27+250500.00=12915438.27), F001 (no rate column: nothing stated to mismatch)",
        ],
        "notes": ["the unit is only in the block title 资金（元）; amounts are in 元"],
    }
    return d, expected


def variant_no_unit_split():
    d = Doc("no_unit_split_table", "就业补助资金转移支付区域（项目）绩效目标自评表")
    d.t("就业补助资金转移支付区域（项目）绩效目标自评表")
    d.p("（2022年度）")
    g = Grid(7, widths=[12, 14, 14, 28, 20, 18, 16])
    g.row(("转移支付（项目）名称", 2), ("就业补助资金", 5))
    g.row(("中央主管部门", 2), ("人力资源社会保障部", 5))
    g.row(("地方主管部门", 2), "桐江市人力资源和社会保障局", "资金使用单位", ("桐江市就业服务中心", 3))
    # Full-width digits cannot be numbers in a spreadsheet: they stay text there too.
    xl_rate_total = N("96.50%", 0.965, "0.00%")
    f0 = g.row("资金投入情况", "", "全年预算数（A）", "全年执行数（B）", ("预算执行率（B/A）", 3))
    g.row("", "年度资金总额：", fw("1,234.56"), fw("1,180.20"), (xl_rate_total, 3))
    g.row("", "其中：中央补助", num("856.00"), num("856.00"), (pct("100.00%"), 3))
    g.row("", "地方资金", fw("350.00"), fw("324.20"), (pct("92.63%"), 3))
    f4 = g.row("", "其他资金", "", "", ("", 3))
    g.vspan(0, f0, f4)
    check_rate("350.00", "324.20", "92.63")
    check_rate("856.00", "856.00", "100.00")
    d.table(g)
    d.p("续表")
    g2 = Grid(7, widths=[12, 14, 14, 28, 20, 18, 16])
    o0 = g2.row("总体目标完成情况", ("总体目标", 2), ("全年实际完成情况", 4))
    o1 = g2.row(
        "",
        ("落实就业创业扶持政策，全年城镇新增就业12000人以上，补贴性职业技能培训5000人次以上。", 2),
        ("全年城镇新增就业12560人，开展补贴性职业技能培训5230人次。", 4),
    )
    g2.vspan(0, o0, o1)
    h = g2.row("绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "全年实际完成值", "未完成原因和改进措施")
    _, e = indicator_rows(
        g2,
        [
            ("产出指标", "数量指标", "城镇新增就业人数", "≥12000人", "12560人", ""),
            (None, None, "职业技能培训补贴人次", "≥5000人次", "5230人次", ""),
            (None, "质量指标", "就业补助资金使用合规率", "100%", "100%", ""),
            (None, "时效指标", "补贴资金发放及时率", "≥95%", "98%", ""),
            ("效益指标", "社会效益指标", "城镇调查失业率", "≤5.5%", "5.1%", ""),
            ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", N("96%", 0.96, "0%"), ""),
        ],
        1,
        7,
    )
    g2.vspan(0, h, e)
    g2.row("说明", ("无", 6))
    d.table(g2)
    stated = Decimal("96.50")
    real = rate_of("1234.56", "1180.20")
    expected = {
        "kind": "transfer_region_selfeval",
        "program": "就业补助资金",
        "year": 2022,
        "money_unit": "null (no unit anywhere)",
        "funds": [
            ("total", "年度资金总额：", "", "１，２３４．５６ → 1234.56", "１，１８０．２０ → 1180.20",
             f"96.50 (stated; B/A is {real})", "xlsx: amounts are text cells, rate 0.965 in a 0.00% cell"),
            ("central", "其中：中央补助", "", "856.00", "856.00", "100.00", "xlsx: numbers"),
            ("local", "地方资金", "", "３５０．００ → 350.00", "３２４．２０ → 324.20", "92.63", "xlsx: text"),
            ("other", "其他资金", "", "", "", "", "empty"),
        ],
        "indicators": [
            ("城镇新增就业人数", "≥12000人", "12560人", "—"),
            ("职业技能培训补贴人次", "≥5000人次", "5230人次", "—"),
            ("就业补助资金使用合规率", "100%", "100%", "common.compliance"),
            ("补贴资金发放及时率", "≥95%", "98%", "common.funds_timeliness"),
            ("城镇调查失业率", "≤5.5%", "5.1%", "— (op <=, met)"),
            ("服务对象满意度", "≥90%", "96% (docx); 0.96 in a 0% cell (xlsx) → value 96", "common.satisfaction"),
        ],
        "findings": [
            f"F001 on total (stated {stated}%, B/A = {real}%)",
            "F003 on column budget (856.00 + 350.00 = 1206.00 ≠ 1234.56)",
        ],
        "quiet": [
            "F003 on column executed (856.00 + 324.20 = 1180.20)",
            "F001 on central and local, F002, F004 (lowest 92.63%), I002 on 服务对象满意度 "
            "(0.96 in a percent cell is 96%, not 0.96% and not 96 read as out of range)",
        ],
        "notes": [
            "the form is split over two tables with the paragraph 续表 between them; "
            "both belong to one report",
            "in the xlsx both tables are on one sheet, the paragraph as a row between them",
        ],
    }
    return d, expected


def variant_traditional():
    d = Doc("traditional_wording", "城乡居民基本医疗保险补助资金转移支付区域绩效目标自评表")
    d.t("城乡居民基本医疗保险补助资金转移支付区域绩效目标自评表")
    d.p("（2021年度）")
    g = Grid(7, widths=[12, 14, 16, 36, 16, 16, 16])
    g.row(("转移支付（项目）名称", 2), ("城乡居民基本医疗保险补助资金", 5))
    g.row(("中央主管部门", 2), ("国家医疗保障局", 5))
    g.row(("地方主管部门", 2), "桐江市医疗保障局", "资金使用单位", ("桐江县医疗保障局", 3))
    funds = [
        ("年度資金總額：", "5230.40", "5102.88", "97.56%"),
        ("其中：中央補助", "3860.00", "3860.00", "100.00%"),
        ("地方資金", "1370.40", "1242.88", "90.69%"),
    ]
    f0 = g.row("项目资金（万元）", "", "全年预算数（A）", "全年执行数（B）", ("预算执行率（B/A）", 3))
    for label, bud, exe, rate in funds:
        check_rate(bud, exe, rate.rstrip("%"))
        g.row("", label, num(bud), num(exe), (pct(rate), 3))
    f4 = g.row("", "其他資金", "", "", ("", 3))
    g.vspan(0, f0, f4)
    o0 = g.row("总体目标完成情况", ("总体目标", 2), ("全年实际完成情况", 4))
    o1 = g.row(
        "",
        ("巩固参保率，参保率稳定在95%以上；稳步提高保障水平，政策范围内住院费用报销比例70%左右；实现基金收支平衡。", 2),
        ("参保率96.2%；政策范围内住院费用报销比例70.5%；基金滚存结余可支配月数7.5个月，收支平衡。", 4),
    )
    g.vspan(0, o0, o1)
    h = g.row("績效指標", "一級指標", "二級指標", "三級指標", "指標值", "全年實際完成值", "未完成原因和改進措施")
    _, e = indicator_rows(
        g,
        [
            ("產出指標", "數量指標", "指标1: 参保人数(万人)", "≥45", "45.8", ""),
            (None, None, "指标2: 各级财政实际补助标准(元/人)", "≥610", "610", ""),
            (None, "質量指標", "指标1: 城乡居民基本医疗保险参保率（≥**%）", "≥95%", "96.2%", ""),
            (None, None, "指标2: 參保人政策範圍內住院費用報銷比例", "70%左右", "70.5%", ""),
            ("效益指標", "可持續影響指標", "指标1: 基金滚存结余可支配月数(月)", "6-9个月", "7.5个月", ""),
            ("滿意度指標", "服務對象滿意度指標", "指标1: 參保對象滿意度(%)", "≥90%", "93%", ""),
        ],
        1,
        7,
    )
    g.vspan(0, h, e)
    g.row("說明", ("无", 6))
    d.table(g)
    expected = {
        "kind": "transfer_region_selfeval",
        "program": "城乡居民基本医疗保险补助资金",
        "year": 2021,
        "money_unit": "万元",
        "funds": [
            ("total", "年度資金總額：", "", "5230.40", "5102.88", "97.56", ""),
            ("central", "其中：中央補助", "", "3860.00", "3860.00", "100.00", ""),
            ("local", "地方資金", "", "1370.40", "1242.88", "90.69", ""),
            ("other", "其他資金", "", "", "", "", "empty"),
        ],
        "indicators": [
            ("指标1: 参保人数(万人)", "≥45", "45.8", "ri.enrolled_persons (unit 万人 from the name)"),
            ("指标2: 各级财政实际补助标准(元/人)", "≥610", "610", "ri.fiscal_subsidy_standard"),
            ("指标1: 城乡居民基本医疗保险参保率（≥**%）", "≥95%", "96.2%", "ri.enrollment_rate"),
            ("指标2: 參保人政策範圍內住院費用報銷比例", "70%左右", "70.5%", "ri.policy_reimbursement_ratio"),
            ("指标1: 基金滚存结余可支配月数(月)", "6-9个月", "7.5个月", "ri.fund_balance_months"),
            ("指标1: 參保對象滿意度(%)", "≥90%", "93%", "common.satisfaction"),
        ],
        "findings": [],
        "quiet": [
            "everything: 3860.00+1370.40=5230.40, 3860.00+1242.88=5102.88, every rate equals B/A, "
            "every target met, goals text agrees with the table (96.2%, 70.5%, 7.5个月)",
        ],
        "notes": [
            "labels in traditional characters (年度資金總額, 中央補助, 地方資金, 其他資金, 績效指標, "
            "產出指標, 滿意度指標 …) must map like their simplified forms",
        ],
    }
    return d, expected


def small_form(title, year, program, unit_name, funds, indicators, goals):
    """A compact transfer-region form: title/year lines and a 7-column grid."""
    blocks = [("title", title), ("p", f"（{year}年度）")]
    g = Grid(7, widths=[12, 14, 14, 30, 16, 16, 16])
    g.row(("转移支付（项目）名称", 2), (program, 5))
    g.row(("中央主管部门", 2), ("国家医疗保障局", 5))
    g.row(("地方主管部门", 2), "桐江市医疗保障局", "资金使用单位", (unit_name, 3))
    f0 = g.row("项目资金（万元）", "", "全年预算数（A）", "全年执行数（B）", ("预算执行率（B/A）", 3))
    for label, bud, exe, rate in funds:
        if bud:
            check_rate(bud, exe, rate.rstrip("%"))
            g.row("", label, num(bud), num(exe), (pct(rate), 3))
        else:
            g.row("", label, "", "", ("", 3))
    g.vspan(0, f0, f0 + len(funds))
    o0 = g.row("总体目标完成情况", ("总体目标", 2), ("全年实际完成情况", 4))
    o1 = g.row("", (goals[0], 2), (goals[1], 4))
    g.vspan(0, o0, o1)
    h = g.row("绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "全年实际完成值", "未完成原因和改进措施")
    _, e = indicator_rows(g, indicators, 1, 7)
    g.vspan(0, h, e)
    g.row("说明", ("无", 6))
    blocks.append(("table", g))
    return blocks


def variant_two_forms():
    a = small_form(
        "城乡医疗救助补助资金转移支付区域绩效目标自评表",
        2021,
        "城乡医疗救助补助资金",
        "桐江县医疗保障局",
        [
            ("年度资金总额：", "820.00", "805.40", "98.22%"),
            ("其中：中央补助", "600.00", "600.00", "100.00%"),
            ("地方资金", "220.00", "205.40", "93.36%"),
            ("其他资金", "", "", ""),
        ],
        [
            ("产出指标", "数量指标", "资助参保人数", "≥3000人", "3125人", ""),
            (None, "质量指标", "重点救助对象年度限额内住院救助比例", "≥70%", "72%", ""),
            ("效益指标", "社会效益指标", "困难群众医疗费用负担减轻程度", "有效缓解", "有效缓解", ""),
            ("满意度指标", "服务对象满意度指标", "救助对象满意度", "≥90%", "94%", ""),
        ],
        ("资助困难群众参保，重点救助对象年度限额内住院救助比例达到70%。", "资助参保3125人，住院救助比例72%。"),
    )
    b = small_form(
        "城乡居民医保补助资金转移支付区域绩效目标自评表",
        2021,
        "城乡居民医保补助资金",
        "桐江县医疗保障局",
        [
            ("年度资金总额：", "2000.00", "2003.60", "100.18%"),
            ("其中：中央补助", "1800.00", "1800.00", "100.00%"),
            ("地方资金", "200.00", "203.60", "101.80%"),
            ("其他资金", "", "", ""),
        ],
        [
            ("产出指标", "数量指标", "参保人数", "≥5.2万人", "5.3万人", ""),
            (None, "质量指标", "以常住人口数为基数计算的参保率", "≥95%", "96.5%", ""),
            ("效益指标", "可持续影响指标", "基金滚存结余可支配月数", "6-9个月", "8个月", ""),
            ("满意度指标", "服务对象满意度指标", "参保对象满意度", "≥90%", "92%", ""),
        ],
        ("参保率稳定在95%以上，基金收支平衡。", "参保率96.5%，基金滚存结余可支配月数8个月。"),
    )
    blocks = a + [("blank", None)] + b
    expected = {
        "kind": "transfer_region_selfeval × 2 (reports 0 and 1, both on sheet 自评表)",
        "program": "城乡医疗救助补助资金 / 城乡居民医保补助资金",
        "year": 2021,
        "money_unit": "万元",
        "funds": [
            ("report 0 total", "年度资金总额：", "", "820.00", "805.40", "98.22", ""),
            ("report 0 central", "其中：中央补助", "", "600.00", "600.00", "100.00", ""),
            ("report 0 local", "地方资金", "", "220.00", "205.40", "93.36", ""),
            ("report 1 total", "年度资金总额：", "", "2000.00", "2003.60", "100.18", ""),
            ("report 1 central", "其中：中央补助", "", "1800.00", "1800.00", "100.00", ""),
            ("report 1 local", "地方资金", "", "200.00", "203.60", "101.80", ""),
        ],
        "indicators": [
            ("资助参保人数 (report 0)", "≥3000人", "3125人", "ma.insurance_subsidy_persons"),
            ("重点救助对象年度限额内住院救助比例 (report 0)", "≥70%", "72%", "ma.key_group_inpatient_ratio"),
            ("困难群众医疗费用负担减轻程度 (report 0)", "有效缓解", "有效缓解", "common.burden_relief"),
            ("救助对象满意度 (report 0)", "≥90%", "94%", "common.satisfaction"),
            ("参保人数 (report 1)", "≥5.2万人", "5.3万人", "ri.enrolled_persons"),
            ("以常住人口数为基数计算的参保率 (report 1)", "≥95%", "96.5%", "ri.enrollment_rate_resident"),
            ("基金滚存结余可支配月数 (report 1)", "6-9个月", "8个月", "ri.fund_balance_months"),
            ("参保对象满意度 (report 1)", "≥90%", "92%", "common.satisfaction"),
        ],
        "findings": [
            "F002 on report 1, line total (2003.60 > 2000.00)",
            "F002 on report 1, line local (203.60 > 200.00)",
        ],
        "quiet": ["everything on report 0; F001/F003 on report 1 (1800.00+200.00=2000.00, 1800.00+203.60=2003.60)"],
        "notes": ["one sheet, form 0 then one empty row then form 1; findings must carry report 1"],
    }
    return blocks, expected


# --------------------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------------------

README_HEAD = """# Samples

Generated by `python3 scripts/make_samples.py` (python-docx, openpyxl, xlwt). Do not edit
the files by hand: change the script and re-run it. Runs are deterministic (fixed package
dates, fixed zip entry times, no randomness): re-running gives byte-identical files.

All Word files use the `Table Grid` style, 宋体, no images; merged cells are real
`w:gridSpan` / `w:vMerge`. Spreadsheets have merged ranges for the same spans; amounts
are numbers, rates are fractions with a percent format (94.06% is 0.9406 shown `0.00%`,
in .xlsx and .xls alike); indicator targets and actuals stay text as written except bare
integers (31811), which are numbers. .xls files are BIFF8 written by xlwt.

## seeds/ — the four real reports, restored

The `.txt` files are the seeds exactly as given (jixiao reads .txt too). The other files
rebuild them as real documents; what a run must find in them is asserted by
`tests/seeds.rs` and holds for every format of the same seed.

| file | what it is |
|---|---|
| 000_578085824ea13247.txt, 001_717aef90079029f5.txt, 002_d9e8f365160b70ab.txt, 004_ac554894d8ea01b1.txt | the seeds, unchanged |
| 000_miyi_2022.docx | body paragraphs (title, 一、… 五、), the paragraph 附表：…, then the form as one 7-column table |
| 000_miyi_2022.xlsx / .xls | sheet 报告: one paragraph per row in column A; sheet 自评表: the form grid |
| 001_mianyang_2020.docx | three forms, each: title paragraph, (2020年度) paragraph, its table, its 注 paragraphs |
| 001_mianyang_2020.xlsx / .xls | sheets 表1, 表2, 表3: title and year rows merged across, the grid, the 注 rows |
| 002_guangxi_2023.docx | 附件, the title (carrying a real Word bookmark `_GoBack`), （2023年度）, one table |
| 002_guangxi_2023.xlsx / .xls | one sheet 自评表: 附件/title/year rows merged across, then the grid |
| 004_zhongshan_2022.docx | paragraphs only (no table, so no spreadsheet) |

Layout and traps, per seed:

- **000** — the table's first four rows are single cells merged across the whole table
  (附件2, the form title, （2022年度）, 填报单位：… with a run of spaces): the form title
  lives *inside* the table. The 地方主管部门 row doubles as the header row of the fund block
  (全年预算数（A） | 全年执行数（B） | 预算执行率（B/A)). 项目资金（万元） is merged down the three
  fund rows; 年度总体目标 down two rows; 绩效指标 down the 13 indicator rows (header + 12).
  一级 cells are written 产出⏎指标 / 效益⏎指标 (two paragraphs in the cell) and merged down
  their groups, 二级 likewise. 其他资金 keeps its five leading spaces. The narrative states
  1412.75万元 (F005 against the table's 1146.81) and 其他资金 is over budget (F002).
- **001** — three forms in one file; form 2 uses half-width brackets and colons
  (转移支付(项目)名称, 年度资金总额:, 预算执行率(B/A)) and form 1/3 full-width, as the seed.
  项目资金 （万元） (with a space) is merged down five rows (header + 4 lines); the rate
  cell spans the last three columns. Cut-off cells are kept as written (对符合条件的重点救助
  对象资助参加城乡居, 指标2: 以常住人口数为基数计算的, 财政补助、个人减支高于上, 12月模拟运 …);
  the goals cells of form 3 keep their stray `<p>…</p>`. The rows the PDF conversion had
  shifted left are restored into 三级指标 | 指标值 | 全年实际完成值 with the 一级/二级 group
  above carried (merged) down: 重点救助对象自付费用按规定年度限额 (产出/质量指标),
  “一站式”即时结算覆盖率 (产出/时效指标), 困难群众看病就医方便程度 and 对健全社会救助体系的影响
  (效益/社会效益指标), 困难群众医疗费用负担减轻程度 (效益/生态效益), 政策知晓率 (满意度指标/服务对象
  满意度), 救助对象满意度; in form 2 指标1: 当年各级财政补助资金到位 (效益指标/生态效益) and
  满意度 | 经济效益 | 不合理累计结余减少程度 (满意度 is the 一级 cell); in form 3
  医保经办服务信息化支撑能力 and 跨省异地就医直接结算率 (满意度/服务对象). Where the seed
  re-states a 二级 value (服务对象 … 生态效益 … 服务对象) each is its own cell.
  Expected: F004 ×2 (form 0), I001/I002/I003 ×2 (form 1), F004 ×2 (form 2).
- **002** — the fund block is titled 资金投入情况 and states no unit. Spaces inside words
  are kept (全年预  算数（A）, 全年执行 数（B）, 全年实际完 成值, 按规定 纳入, 住院 救助比例,
  重点救助 对象). The 资金管理情况 block has 情况说明 / 存在问题和改进措施 columns and seven
  rows (分配科学性 … 支出责任履行情况). The seed has no 效益指标 cell: 产出指标 is merged down
  through the 社会效益/可持续影响 rows, as the seed implies. Actuals are long sentences that
  start with the value (100%。…). 满意度⏎指标 and 服务对象 ⏎满意度指标 are two-paragraph
  cells. The printed notes (注:1.… 2.… 3.…) are the table's last row, merged across.
  Expected: no findings.
- **004** — narrative only; paragraph breaks of the seed are kept, including the
  sentence cut across two paragraphs (…参保人数 46 万人配套到 / 位，确保…). Expected: N004
  on standard.per_capita (21.96元/人 vs 610元/人).

## variants/ — designed forms

Small forms with exact expected values. `—` in the canonical column means no catalogue
id is expected to be obvious (the tool may leave it unmapped). Rates are in %.
"""


README_TAIL = """
## Checking the files

- `unzip -p FILE.docx word/document.xml | grep -c 'w:vMerge'` (and `w:gridSpan`): every
  merged label is a real merge.
- `openpyxl.load_workbook(FILE.xlsx)`: `ws.merged_cells.ranges` holds the spans, the fund
  cells are numbers, rates carry `0.00%`; xlrd with `formatting_info=True` shows the same
  for the .xls files.
- The script checks, for the seeds, that every cell and paragraph it writes occurs in the
  seed text (tabs aside): restoring moves text between cells and never rewrites it. For
  the variants it checks that every stated rate equals B/A rounded half-up.
- `sha256sum samples/*/*` is unchanged by a re-run.
"""


def md_table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in rows:
        out.append("| " + " | ".join(str(x).replace("|", "\\|") for x in r) + " |")
    return "\n".join(out)


def readme_variant(name, files, blurb, exp):
    parts = [f"### {name}", "", f"Files: {files}", "", blurb, ""]
    parts.append(
        f"Kind `{exp['kind']}`, program {exp['program']}, year {exp['year']}, money_unit {exp['money_unit']}."
    )
    parts.append("")
    parts.append("Funds:")
    parts.append("")
    parts.append(
        md_table(
            ["line", "label as written", "initial", "budget", "executed", "rate", "notes"],
            exp["funds"],
        )
    )
    parts.append("")
    parts.append("Indicators:")
    parts.append("")
    parts.append(md_table(["name", "target raw", "actual raw", "expected canonical / check"], exp["indicators"]))
    parts.append("")
    parts.append("Expected findings: " + ("; ".join(exp["findings"]) if exp["findings"] else "none") + ".")
    parts.append("")
    for q in exp["quiet"]:
        parts.append(f"- quiet: {q}")
    for n in exp["notes"]:
        parts.append(f"- {n}")
    parts.append("")
    return "\n".join(parts)


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def split_forms(blocks):
    """001's blocks, one group per form: each starts at a title."""
    groups = []
    for b in blocks:
        if b[0] == "title" or not groups:
            groups.append([])
        groups[-1].append(b)
    return groups


def verify_seed_text(doc, key):
    """Every cell and paragraph must occur in the seed text, tabs aside: the restoration
    moves text between cells, never rewrites it."""
    with open(os.path.join(SEED_DIR, SEED_FILES[key]), encoding="utf-8") as f:
        seed = f.read().replace("\t", "")
    texts = []
    for kind, payload in doc.blocks:
        if kind == "table":
            texts.extend(payload.texts())
        elif kind == "title_bm":
            texts.append(payload[0])
        else:
            texts.append(payload)
    missing = [t for t in texts if t.replace("\t", "") not in seed]
    if missing:
        raise AssertionError(f"{key}: not in the seed: {missing}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds-from", default="/work/shared/seeds")
    args = ap.parse_args()

    seeds_out = os.path.join(SAMPLES, "seeds")
    var_out = os.path.join(SAMPLES, "variants")
    os.makedirs(seeds_out, exist_ok=True)
    os.makedirs(var_out, exist_ok=True)
    for fname in SEED_FILES.values():
        src = os.path.join(args.seeds_from, fname)
        if os.path.exists(src):
            shutil.copyfile(src, os.path.join(seeds_out, fname))
        elif not os.path.exists(os.path.join(seeds_out, fname)):
            sys.exit(f"seed {fname} not found in {args.seeds_from} nor in {seeds_out}")

    made = []

    def out(*p):
        path = os.path.join(SAMPLES, *p)
        made.append(path)
        return path

    d000 = seed_000()
    verify_seed_text(d000, "000")
    write_docx(d000, out("seeds", "000_miyi_2022.docx"))
    narrative = [b for b in d000.blocks if b[0] != "table"]
    tables = [b for b in d000.blocks if b[0] == "table"]
    sheets = [("报告", narrative, 1), ("自评表", tables, 7)]
    write_xlsx(sheets, out("seeds", "000_miyi_2022.xlsx"), d000.title)
    write_xls(sheets, out("seeds", "000_miyi_2022.xls"))

    d001 = seed_001()
    verify_seed_text(d001, "001")
    write_docx(d001, out("seeds", "001_mianyang_2020.docx"))
    sheets = [(f"表{i + 1}", grp, 7) for i, grp in enumerate(split_forms(d001.blocks))]
    write_xlsx(sheets, out("seeds", "001_mianyang_2020.xlsx"), d001.title)
    write_xls(sheets, out("seeds", "001_mianyang_2020.xls"))

    d002 = seed_002()
    verify_seed_text(d002, "002")
    write_docx(d002, out("seeds", "002_guangxi_2023.docx"))
    sheets = [("自评表", d002.blocks, 7)]
    write_xlsx(sheets, out("seeds", "002_guangxi_2023.xlsx"), d002.title)
    write_xls(sheets, out("seeds", "002_guangxi_2023.xls"))

    d004 = seed_004()
    verify_seed_text(d004, "004")
    write_docx(d004, out("seeds", "004_zhongshan_2022.docx"))

    readme = [README_HEAD]
    variants = [
        (variant_project_selfeval, 10, "项目支出绩效自评表 (义务教育) with 年初预算数/全年预算数/全年执行数/分值/执行率/得分 "
         "fund columns, indicator 分值/得分 columns and a 总分 row. The 年度指标值 header spans three "
         "sub-columns; one indicator writes its target over the three cells 符号 | 数值 | 单位 "
         "(≥ | 3200 | 人), the others in one cell merged across the three. 项目资金（万元） is merged "
         "over two columns and five rows."),
        (variant_dept_overall, 9, "部门整体支出绩效自评表 (就业, 人社局) whose fund block 资金（元） has "
         "年初预算 | 调整后预算数 | 预算执行数 | 权重 | 得分 | 原因 and no rate column: rates must be "
         "computed. Amounts are in 元 (the unit is only in the block title)."),
        (variant_no_unit_split, 7, "transfer_region_selfeval (就业补助资金) split over two tables: fund "
         "block in the first, 总体目标 + indicators in the second, the paragraph 续表 between them. No "
         "unit anywhere (资金投入情况). Amounts typed in full-width digits with a full-width thousands "
         "separator (１，２３４．５６) except the central line."),
        (variant_traditional, 7, "transfer_region_selfeval (城乡居民医保) whose labels use traditional "
         "characters, numbered prefixes (指标1:), a template placeholder left in a name (（≥**%）) and "
         "unit suffixes in names (参保人数(万人), (元/人), (月), (%)). Everything is consistent."),
        (lambda: variant_scored(True), 10, "项目支出绩效自评表 (职业技能培训) scored throughout: 分值/得分 on "
         "the fund block and on every indicator, a 总分 row and a 自评等级 row, with one error of "
         "each score rule planted."),
        (lambda: variant_scored(False), 10, "The same scored form with every score consistent: an "
         "indicator that missed its target is scored in proportion and explained."),
    ]
    for build, ncols, blurb in variants:
        doc, exp = build()
        base = doc.name
        write_docx(doc, out("variants", base + ".docx"))
        write_xlsx([("自评表", doc.blocks, ncols)], out("variants", base + ".xlsx"), doc.title)
        readme.append(readme_variant(base, f"`{base}.docx`, `{base}.xlsx`", blurb, exp))

    blocks, exp = variant_two_forms()
    write_xlsx([("自评表", blocks, 7)], out("variants", "two_forms_one_table_xlsx.xlsx"), "two forms")
    readme.append(
        readme_variant(
            "two_forms_one_table_xlsx",
            "`two_forms_one_table_xlsx.xlsx` (xlsx only)",
            "Two transfer_region forms of one county on one sheet, one below the other, each with "
            "its title and year rows merged across, separated by one empty row.",
            exp,
        )
    )
    with open(os.path.join(SAMPLES, "README.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(readme).rstrip() + "\n" + README_TAIL)
    for p in made:
        print(os.path.relpath(p, ROOT))


if __name__ == "__main__":
    main()
