#!/usr/bin/env python3
"""Generate a benchmark corpus of realistic self-evaluation reports.

Every file is a variation of one of the form documents in samples/seeds/*.docx and
samples/variants/*.docx (made by scripts/make_samples.py): place names, program names,
years and fund amounts change, indicator rows within a group are shuffled, some files hold
two or three forms, a few switch the fund block from 万元 to 元. Rates stay equal to B/A
(at the decimals the form writes) except where a mismatch is planted on purpose; the
planted mismatches are listed in OUT.manifest.tsv (beside the corpus, so a run over the
folder does not read it) so a run can be checked against them.

The .docx files are written without python-docx: the template package is copied entry by
entry (its compressed bytes reused as they are) and only word/document.xml is rewritten
with string operations, which keeps 500 files well under a few seconds.

Runs are deterministic: the same --seed and --files give byte-identical files.

Usage: python3 scripts/gen_corpus.py OUT_DIR [--files N] [--seed S]
                                     [--formats docx,xlsx] [--mismatch-rate P]
                                     [--pdf PDF_DIR]
"""

import argparse
import datetime
import glob
import io
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.path.join(ROOT, "samples")
ZIP_DOS_TIME = (0, (2024 - 1980) << 9 | 1 << 5 | 1)  # 2024-01-01 00:00:00

# --------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------

SYLLABLES = (
    "安 宝 昌 城 崇 丹 德 东 丰 福 阜 高 广 汉 和 河 鹤 华 怀 黄 惠 吉 嘉 建 江 金 晋 靖 "
    "康 乐 黎 临 龙 隆 庐 罗 茂 梅 绵 宁 平 浦 祁 清 庆 荣 瑞 山 上 邵 寿 双 顺 松 泰 "
    "通 桐 万 威 文 武 西 仙 湘 新 兴 宣 阳 宜 永 玉 元 云 泽 长 昭 镇 中 忠 资 遵"
).split()

PROVINCES = [
    ("四川省", "四川"),
    ("湖南省", "湖南"),
    ("江西省", "江西"),
    ("贵州省", "贵州"),
    ("云南省", "云南"),
    ("河南省", "河南"),
    ("安徽省", "安徽"),
    ("广西壮族自治区", "广西"),
    ("甘肃省", "甘肃"),
    ("湖北省", "湖北"),
]

# Program names by domain: the value cell of 项目名称 / 转移支付（项目）名称 is swapped for
# one of the same domain, so indicators still fit the program.
PROGRAMS = [
    ("救助", ["城乡医疗救助", "医疗救助补助资金", "城乡医疗救助补助资金", "困难群众医疗救助资金"]),
    (
        "居民",
        ["城乡居民基本医疗保险补助资金", "城乡居民医保补助资金", "城乡居民基本医疗保险财政补助"],
    ),
    ("医疗服务", ["中央财政医疗服务与保障能力提升补助资金（医疗保障能力建设部分）", "医疗保障服务能力建设补助资金"]),
    ("就业", ["就业补助资金", "就业创业补助资金", "职业技能提升行动资金"]),
    ("学生", ["义务教育阶段家庭经济困难学生生活补助", "学生资助补助经费", "家庭经济困难学生资助资金"]),
]

# Place names the templates use, replaced per file (the suffix 县/市/区 is kept).
PLACES = {
    "county": ["米易", "钟山", "桐江"],
    "city": ["攀枝花", "绵阳", "六盘水"],
}

# --------------------------------------------------------------------------------------
# Zip writing with reused compressed entries
# --------------------------------------------------------------------------------------


class RawEntry:
    __slots__ = ("name", "method", "crc", "csize", "usize", "data")

    def __init__(self, name, method, crc, csize, usize, data):
        self.name = name
        self.method = method
        self.crc = crc
        self.csize = csize
        self.usize = usize
        self.data = data


def read_raw_entries(path):
    """Each entry's compressed bytes as stored, so they can be written again unchanged."""
    out = []
    with open(path, "rb") as f:
        blob = f.read()
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        for info in z.infolist():
            off = info.header_offset
            name_len, extra_len = struct.unpack("<HH", blob[off + 26 : off + 30])
            start = off + 30 + name_len + extra_len
            data = blob[start : start + info.compress_size]
            out.append(
                RawEntry(
                    info.filename, info.compress_type, info.CRC, info.compress_size, info.file_size, data
                )
            )
    return out


def deflate_entry(name, payload):
    co = zlib.compressobj(6, zlib.DEFLATED, -15)
    data = co.compress(payload) + co.flush()
    return RawEntry(name, zipfile.ZIP_DEFLATED, zlib.crc32(payload), len(data), len(payload), data)


def write_zip(path, entries):
    buf = io.BytesIO()
    central = []
    dos_time, dos_date = ZIP_DOS_TIME
    for e in entries:
        name = e.name.encode("utf-8")
        offset = buf.tell()
        buf.write(
            struct.pack(
                "<IHHHHHIIIHH", 0x04034B50, 20, 0x0800, e.method, dos_time, dos_date,
                e.crc, e.csize, e.usize, len(name), 0,
            )
        )
        buf.write(name)
        buf.write(e.data)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x0800, e.method, dos_time, dos_date,
                e.crc, e.csize, e.usize, len(name), 0, 0, 0, 0, 0o644 << 16, offset,
            )
            + name
        )
    cd_start = buf.tell()
    for c in central:
        buf.write(c)
    cd_size = buf.tell() - cd_start
    buf.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), cd_size, cd_start, 0))
    with open(path, "wb") as f:
        f.write(buf.getvalue())


# --------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------

ASCII_NUM = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*$")
ASCII_PCT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*%\s*$")


def decimals_of(s):
    return len(s.split(".", 1)[1]) if "." in s else 0


def quant(d):
    return Decimal(1).scaleb(-d)


def fmt(value, d):
    return str(value.quantize(quant(d), rounding=ROUND_HALF_UP))


def parse_amount(text):
    m = ASCII_NUM.match(text or "")
    if not m:
        return None
    try:
        return Decimal(m.group(1)), decimals_of(m.group(1))
    except InvalidOperation:
        return None


def parse_pct(text):
    m = ASCII_PCT.match(text or "")
    if not m:
        return None
    return Decimal(m.group(1)), decimals_of(m.group(1))


# --------------------------------------------------------------------------------------
# Fund blocks: the rewrite shared by .docx and .xlsx
# --------------------------------------------------------------------------------------


def header_roles(texts):
    """texts: {column: header text}. Returns {column: role} for the fund columns."""
    roles = {}
    for col, t in texts.items():
        t = re.sub(r"\s+", "", t or "")
        if "执行率" in t:
            roles[col] = "rate"
        elif "执行数" in t:
            roles[col] = "B"
        elif "年初" in t and "预算" in t:
            roles[col] = "init"
        elif "预算" in t:
            roles[col] = "A"
    if "A" in roles.values() and "B" in roles.values():
        return roles
    return None


class FundPlan:
    """How one form's fund figures change: one factor, per-line execution drift, an
    optional planted rate mismatch."""

    def __init__(self, rng, mismatch):
        self.factor = Decimal(str(round(rng.lognormvariate(0, 0.8), 4)))
        self.rng = rng
        self.mismatch = mismatch
        self.planted = []


def rewrite_block(rows, plan):
    """rows: list of {role: (Decimal, decimals)} for the lines of one fund block, the first
    being the total. Returns a list of {role: new value (Decimal, decimals)}; rates are
    recomputed from the new B/A unless a mismatch is planted."""
    rng = plan.rng
    new = []
    for i, r in enumerate(rows):
        out = {}
        drift = Decimal(str(round(rng.uniform(0.93, 1.01), 4)))
        for role in ("init", "A", "B"):
            if role in r:
                v, d = r[role]
                nv = v * plan.factor
                if role == "B" and not ("A" in r and r["A"][0] == v):
                    nv = nv * drift
                elif role == "B":
                    # Fully executed lines stay fully executed.
                    nv = r["A"][0] * plan.factor
                out[role] = (nv.quantize(quant(d), rounding=ROUND_HALF_UP), d)
        new.append(out)
    # A total that was the sum of its lines stays the sum of the new lines.
    if len(rows) > 1:
        for role in ("init", "A", "B"):
            subs = [r[role][0] for r in rows[1:] if role in r]
            if role in rows[0] and subs:
                d = rows[0][role][1]
                if abs(sum(subs) - rows[0][role][0]) <= quant(d) * len(subs):
                    total = sum(n[role][0] for n in new[1:] if role in n)
                    new[0][role] = (total.quantize(quant(d), rounding=ROUND_HALF_UP), d)
    for r, n in zip(rows, new):
        if "rate" in r and "A" in n and "B" in n and n["A"][0] != 0:
            d = r["rate"][1]
            rate = (n["B"][0] / n["A"][0] * 100).quantize(quant(d), rounding=ROUND_HALF_UP)
            n["rate"] = (rate, d)
    if plan.mismatch:
        candidates = [i for i, n in enumerate(new) if "rate" in n]
        if candidates:
            i = candidates[0] if rng.random() < 0.6 else rng.choice(candidates)
            rate, d = new[i]["rate"]
            delta = Decimal(str(round(rng.uniform(0.8, 6.0), 2))) * (1 if rng.random() < 0.5 else -1)
            wrong = (rate + delta).quantize(quant(d), rounding=ROUND_HALF_UP)
            if wrong == rate:
                wrong = rate + 1
            new[i]["rate"] = (wrong, d)
            plan.planted.append((i, str(rate), str(wrong)))
    return new


# --------------------------------------------------------------------------------------
# .docx templates
# --------------------------------------------------------------------------------------

T_RE = re.compile(r"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)")
TBL_RE = re.compile(r"<w:tbl>.*?</w:tbl>", re.S)
TR_RE = re.compile(r"<w:tr[ >].*?</w:tr>", re.S)
TC_RE = re.compile(r"<w:tc>.*?</w:tc>", re.S)
P_RE = re.compile(r"<w:p[ >].*?</w:p>|<w:p/>", re.S)
SPAN_RE = re.compile(r'<w:gridSpan w:val="(\d+)"/>')
VMERGE_RE = re.compile(r'<w:vMerge(?: w:val="(\w+)")?/>')
PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_unescape(s):
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def cell_text(tc):
    return "\n".join(
        "".join(xml_unescape(t) for _, t, _ in T_RE.findall(p)) for p in P_RE.findall(tc)
    )


def set_cell_text(tc, text):
    """Put text into the cell's first w:t and empty the others (the cells written by
    make_samples.py have one run per paragraph). A cell with no w:t is left as is."""
    done = [False]

    def sub(m):
        if done[0]:
            return m.group(1) + m.group(3)
        done[0] = True
        return m.group(1) + xml_escape(text) + m.group(3)

    return T_RE.sub(sub, tc)


class Template:
    def __init__(self, path):
        self.path = path
        self.name = os.path.splitext(os.path.basename(path))[0]
        m = re.search(r"(20\d\d)", self.name)
        self.year = int(m.group(1)) if m else None
        self.entries = read_raw_entries(path)
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        b0 = xml.index("<w:body>") + len("<w:body>")
        s0 = xml.rindex("<w:sectPr")
        self.prefix = xml[:b0]
        self.body = xml[b0:s0]
        self.suffix = xml[s0:]
        if self.year is None:
            years = re.findall(r"(?<!\d)(20[12]\d)(?!\d)", self.body)
            self.year = int(max(set(years), key=years.count)) if years else 2022


class Names:
    """The names one generated file uses."""

    def __init__(self, rng):
        self.county = "".join(rng.sample(SYLLABLES, 2))
        self.city = "".join(rng.sample(SYLLABLES, 2))
        self.province = rng.choice(PROVINCES)
        alts = {}
        for old in PLACES["county"]:
            alts[old] = self.county
        for old in PLACES["city"]:
            alts[old] = self.city
        alts["广西壮族自治区"] = self.province[0]
        alts["广西"] = self.province[1]
        alts["自治区"] = self.province[0][-1] if self.province[0].endswith("省") else "自治区"
        keys = sorted(alts, key=len, reverse=True)
        self.re = re.compile("|".join(re.escape(k) for k in keys))
        self.alts = alts

    def apply(self, s):
        return self.re.sub(lambda m: self.alts[m.group(0)], s)


def year_mapper(old, new):
    shift = {str(old + k): str(new + k) for k in (-1, 0, 1, 2)}
    rx = re.compile(r"(?<![\d.])(" + "|".join(shift) + r")(?![\d]|\.\d)")
    return lambda s: rx.sub(lambda m: shift[m.group(1)], s)


def grid_cells(tr):
    """[(grid column, span, tc xml, (start, end) in tr)] for one row."""
    out = []
    col = 0
    for m in TC_RE.finditer(tr):
        tc = m.group(0)
        sm = SPAN_RE.search(tc)
        span = int(sm.group(1)) if sm else 1
        out.append((col, span, tc, m.span()))
        col += span
    return out


def replace_spans(s, repl):
    """repl: [((start, end), new text)] with disjoint spans."""
    out = []
    pos = 0
    for (a, b), t in sorted(repl, key=lambda x: x[0][0]):
        out.append(s[pos:a])
        out.append(t)
        pos = b
    out.append(s[pos:])
    return "".join(out)


FUND_LABEL = re.compile(r"资金|資金|补助|補助|拨款|结转|合计")
BLOCK_END = re.compile(r"总体目标|總體目標|资金管理|绩效指标|績效指標|一级指标|一級指標")
INDICATOR_HEADER = re.compile(r"三级指标|三級指標")


class FormMutation:
    def __init__(self, rng, names, year, mismatch, to_yuan):
        self.rng = rng
        self.names = names
        self.year = year
        self.plan = FundPlan(rng, mismatch)
        self.to_yuan = to_yuan
        self.amounts = {}  # old amount string -> new string, for the narrative
        self.program = None


def rewrite_table(tbl, mut):
    rows = list(TR_RE.finditer(tbl))
    row_cells = [grid_cells(m.group(0)) for m in rows]
    new_rows = [m.group(0) for m in rows]

    # Program name: the value next to a 名称 label.
    for ri, cells in enumerate(row_cells[:8]):
        for k, (col, span, tc, sp) in enumerate(cells[:-1]):
            label = re.sub(r"\s+", "", cell_text(tc))
            if label.endswith("名称") and "项目" in label or label in ("转移支付名称", "项目名称"):
                value_tc = cells[k + 1][2]
                old = cell_text(value_tc)
                for key, names in PROGRAMS:
                    if key in old:
                        choice = mut.rng.choice(names + [old])
                        mut.program = choice
                        new_tc = set_cell_text(value_tc, choice)
                        new_rows[ri] = new_rows[ri].replace(value_tc, new_tc, 1)
                        break
                break

    # Fund block: a header row naming 预算/执行数 columns, the lines below it.
    ri = 0
    while ri < len(rows):
        texts = {col: cell_text(tc) for col, span, tc, sp in row_cells[ri]}
        roles = header_roles(texts)
        if not roles:
            ri += 1
            continue
        header_ri = ri
        lines = []
        ri += 1
        while ri < len(rows):
            cells = row_cells[ri]
            all_text = "".join(cell_text(tc) for _, _, tc, _ in cells)
            if BLOCK_END.search(all_text):
                break
            by_col = {col: (tc, sp) for col, span, tc, sp in cells}
            label = " ".join(
                cell_text(tc) for col, span, tc, sp in cells if col not in roles and cell_text(tc).strip()
            )
            values = {}
            for col, role in roles.items():
                if col in by_col:
                    t = cell_text(by_col[col][0])
                    v = parse_pct(t) if role == "rate" else parse_amount(t)
                    if v is not None:
                        values[role] = v
            if FUND_LABEL.search(label) and ("A" in values or "B" in values):
                lines.append((ri, values, by_col))
            ri += 1
        if lines:
            new = rewrite_block([v for _, v, _ in lines], mut.plan)
            for (lri, old, by_col), nv in zip(lines, new):
                row = new_rows[lri]
                for col, role in roles.items():
                    if role not in nv or col not in by_col:
                        continue
                    value, d = nv[role]
                    if role == "rate":
                        text = fmt(value, d) + "%"
                    else:
                        text = fmt(value, d)
                        mut.amounts[fmt(old[role][0], old[role][1])] = text
                        if mut.to_yuan:
                            text = fmt(value * 10000, 2)
                    tc = by_col[col][0]
                    row = row.replace(tc, set_cell_text(tc, text), 1)
                new_rows[lri] = row
            if mut.to_yuan:
                for col, span, tc, sp in row_cells[header_ri]:
                    if "万元" in cell_text(tc):
                        new_rows[header_ri] = new_rows[header_ri].replace(
                            tc, tc.replace("万元", "元"), 1
                        )
                # The unit may sit in the merged label cell of the first line instead.
                first = lines[0][0]
                for col, span, tc, sp in row_cells[first]:
                    if "万元" in cell_text(tc):
                        new_rows[first] = new_rows[first].replace(tc, tc.replace("万元", "元"), 1)

    shuffle_indicators(row_cells, new_rows, mut.rng)
    out = replace_spans(tbl, [(m.span(), new_rows[i]) for i, m in enumerate(rows)])
    return out


def shuffle_indicators(row_cells, new_rows, rng):
    """Permute the tails of indicator rows within one 二级 group: the rows whose leading
    cells are all vertical-merge continuations of the group's first row and whose
    remaining cells have the same shape."""
    start = None
    for ri, cells in enumerate(row_cells):
        if any(INDICATOR_HEADER.search(cell_text(tc)) for _, _, tc, _ in cells):
            start = ri + 1
            break
    if start is None:
        return
    groups = []
    current = None
    for ri in range(start, len(row_cells)):
        row = new_rows[ri]
        cells = grid_cells(row)
        lead = 0
        restart = False
        for col, span, tc, sp in cells:
            vm = VMERGE_RE.search(tc)
            if not vm:
                break
            lead += 1
            if vm.group(1) == "restart":
                restart = True
        tail = cells[lead:]
        shape = (lead, tuple(span for _, span, _, _ in tail))
        if lead == 0 or not tail:
            current = None
            continue
        if current is not None and not restart and current["shape"] == shape:
            current["rows"].append((ri, tail))
        else:
            current = {"shape": shape, "rows": [(ri, tail)]}
            groups.append(current)
    for g in groups:
        if len(g["rows"]) < 2:
            continue
        tails = ["".join(tc for _, _, tc, _ in tail) for _, tail in g["rows"]]
        order = list(range(len(tails)))
        rng.shuffle(order)
        for (ri, tail), src in zip(g["rows"], order):
            a = tail[0][3][0]
            b = tail[-1][3][1]
            row = new_rows[ri]
            new_rows[ri] = row[:a] + tails[src] + row[b:]


AMOUNT_IN_TEXT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(\s*)(万元|亿元)(?!/)")


def rewrite_body(body, mut, template):
    ymap = year_mapper(template.year, mut.year)

    tables = list(TBL_RE.finditer(body))
    parts = []
    pos = 0
    for m in tables:
        parts.append(("text", body[pos : m.start()]))
        parts.append(("tbl", rewrite_table(m.group(0), mut)))
        pos = m.end()
    parts.append(("text", body[pos:]))

    def narrative(m):
        old, sp, unit = m.group(1), m.group(2), m.group(3)
        if old in mut.amounts:
            return mut.amounts[old] + sp + unit
        v, d = Decimal(old), decimals_of(old)
        return fmt(v * mut.plan.factor, d) + sp + unit

    def text_node(m, in_table):
        t = xml_unescape(m.group(2))
        t = mut.names.apply(t)
        t = ymap(t)
        if not in_table:
            t = AMOUNT_IN_TEXT.sub(narrative, t)
        return m.group(1) + xml_escape(t) + m.group(3)

    out = []
    for kind, s in parts:
        out.append(T_RE.sub(lambda m: text_node(m, kind == "tbl"), s))
    return "".join(out)


def make_docx(path, forms, rng, args):
    """forms: [Template]. Returns the manifest facts."""
    names = Names(rng)
    year = rng.randint(2019, 2024)
    bodies = []
    facts = []
    for fi, t in enumerate(forms):
        mismatch = rng.random() < args.mismatch_rate
        to_yuan = rng.random() < 0.08
        mut = FormMutation(rng, names, year, mismatch, to_yuan)
        bodies.append(rewrite_body(t.body, mut, t))
        for line, right, wrong in mut.plan.planted:
            facts.append(f"form{fi}:line{line}:rate {wrong} (B/A {right})")
    xml = forms[0].prefix + PAGE_BREAK.join(bodies) + forms[0].suffix
    entries = []
    for e in forms[0].entries:
        if e.name == "word/document.xml":
            entries.append(deflate_entry(e.name, xml.encode("utf-8")))
        else:
            entries.append(e)
    write_zip(path, entries)
    return names, year, facts


# --------------------------------------------------------------------------------------
# .xlsx (optional; needs openpyxl)
# --------------------------------------------------------------------------------------


def make_xlsx(path, src, rng, args):
    import openpyxl

    names = Names(rng)
    year = rng.randint(2019, 2024)
    m = re.search(r"(20\d\d)", os.path.basename(src))
    ymap = year_mapper(int(m.group(1)) if m else 2022, year)
    wb = openpyxl.load_workbook(src)
    facts = []
    for si, ws in enumerate(wb.worksheets):
        plan = FundPlan(rng, rng.random() < args.mismatch_rate)
        grid = [list(r) for r in ws.iter_rows()]
        for row in grid:
            for c in row:
                if isinstance(c.value, str):
                    c.value = ymap(names.apply(c.value))
        ri = 0
        while ri < len(grid):
            roles = header_roles(
                {c.column: c.value for c in grid[ri] if isinstance(c.value, str)}
            )
            if not roles:
                ri += 1
                continue
            lines = []
            ri += 1
            while ri < len(grid):
                row = grid[ri]
                if any(isinstance(c.value, str) and BLOCK_END.search(c.value) for c in row):
                    break
                label = " ".join(
                    c.value for c in row if isinstance(c.value, str) and c.column not in roles
                )
                values = {}
                cells = {}
                for c in row:
                    if c.column in roles and isinstance(c.value, (int, float)):
                        role = roles[c.column]
                        if role == "rate":
                            d = max(0, len(c.number_format.split(".")[-1].rstrip("%")) if "." in c.number_format else 0)
                            values[role] = (Decimal(str(c.value)) * 100, d)
                        else:
                            v = Decimal(str(c.value))
                            values[role] = (v, decimals_of(str(c.value)) if isinstance(c.value, float) else 0)
                        cells[role] = c
                if FUND_LABEL.search(label) and ("A" in values or "B" in values):
                    lines.append((values, cells))
                ri += 1
            if lines:
                new = rewrite_block([v for v, _ in lines], plan)
                for (old, cells), nv in zip(lines, new):
                    for role, c in cells.items():
                        if role not in nv:
                            continue
                        value, d = nv[role]
                        if role == "rate":
                            c.value = float(value / 100)
                        elif d == 0:
                            c.value = int(value)
                        else:
                            c.value = float(value)
        for line, right, wrong in plan.planted:
            facts.append(f"sheet{si}:line{line}:rate {wrong} (B/A {right})")
    wb.properties.created = datetime.datetime(2024, 1, 1)
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps the zip entries and the modified date with the current time.
    entries = []
    with zipfile.ZipFile(buf) as z:
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>2024-01-01T00:00:00Z\g<2>",
                    data,
                )
            entries.append(deflate_entry(info.filename, data))
    write_zip(path, entries)
    return names, year, facts


# --------------------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------------------


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="folder to write the corpus into (created; old files removed)")
    ap.add_argument("--files", type=int, default=500)
    ap.add_argument("--seed", type=int, default=20240101)
    ap.add_argument("--formats", default="docx", help="comma-separated: docx, xlsx")
    ap.add_argument("--mismatch-rate", type=float, default=0.12, help="share of forms with a planted rate mismatch")
    ap.add_argument("--manifest", help="where to list planted mismatches (default: OUT.manifest.tsv beside OUT)")
    ap.add_argument("--pdf", metavar="PDF_DIR", help="also convert the .docx files to PDF here (needs soffice)")
    args = ap.parse_args(argv)

    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    for f in formats:
        if f not in ("docx", "xlsx"):
            ap.error(f"unknown format {f!r}")
    if args.files < 0:
        ap.error("--files must be >= 0")

    templates = [
        Template(p)
        for p in sorted(glob.glob(os.path.join(SAMPLES, "seeds", "*.docx")))
        + sorted(glob.glob(os.path.join(SAMPLES, "variants", "*.docx")))
    ]
    if not templates:
        sys.exit(f"gen_corpus: no templates under {SAMPLES}")
    xlsx_templates = sorted(
        glob.glob(os.path.join(SAMPLES, "seeds", "*.xlsx")) + glob.glob(os.path.join(SAMPLES, "variants", "*.xlsx"))
    )

    if os.path.isdir(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    rng = random.Random(args.seed)
    manifest = ["file\ttemplates\tplace\tyear\tplanted"]
    for i in range(args.files):
        fmt_ = formats[0] if len(formats) == 1 else ("xlsx" if "xlsx" in formats and rng.random() < 0.3 else "docx")
        r = rng.random()
        count = 3 if r < 0.07 else 2 if r < 0.27 else 1
        if fmt_ == "xlsx" and xlsx_templates:
            src = rng.choice(xlsx_templates)
            used = [os.path.splitext(os.path.basename(src))[0]]
            tmp = os.path.join(args.out, f".{i}.tmp")
            names, year, facts = make_xlsx(tmp, src, rng, args)
        else:
            forms = [rng.choice(templates) for _ in range(count)]
            used = [t.name for t in forms]
            tmp = os.path.join(args.out, f".{i}.tmp")
            names, year, facts = make_docx(tmp, forms, rng, args)
            fmt_ = "docx"
        fname = f"{i:05d}_{names.county}县{year}年度绩效自评.{fmt_}"
        os.replace(tmp, os.path.join(args.out, fname))
        manifest.append(f"{fname}\t{'+'.join(used)}\t{names.county}\t{year}\t{'; '.join(facts)}")
    manifest_path = args.manifest or args.out.rstrip("/") + ".manifest.tsv"
    with open(manifest_path, "w", encoding="utf-8") as f:
        f.write("\n".join(manifest) + "\n")

    if args.pdf:
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if not soffice:
            sys.exit("gen_corpus: --pdf needs soffice (LibreOffice), which is not installed")
        os.makedirs(args.pdf, exist_ok=True)
        docs = sorted(glob.glob(os.path.join(args.out, "*.docx")))
        with tempfile.TemporaryDirectory() as profile:
            for k in range(0, len(docs), 50):
                subprocess.run(
                    [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                     "--convert-to", "pdf", "--outdir", args.pdf] + docs[k : k + 50],
                    check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
