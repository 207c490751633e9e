#!/usr/bin/env python3
"""Make PDFs of the sample documents, two ways.

    scripts/make_pdfs.py [--out DIR] [--lo] [--word] [DOCX ...]

Without arguments, every samples/seeds/*.docx and samples/variants/*.docx becomes
samples/pdf/<stem>.lo.pdf (LibreOffice: `soffice --headless --convert-to pdf`) and
samples/pdf/<stem>.word.pdf (the writer below). `--lo` / `--word` pick one way.

The writer imitates what Word and WPS write with "Save as PDF", which is what most
archived reports are:
- Type0 fonts with Identity-H encoding and a ToUnicode CMap; glyph ids are given in
  order of first use, as in a font subset, so text can only be read through ToUnicode;
- CJK text in one font and digits/Latin in another, each run shown on its own;
- cell borders drawn as thin filled rectangles (`re f`), one per edge;
- cell text wrapped over lines (Latin words are not broken);
- tables that run past the bottom of a page continue on the next one without a
  repeated header row; a vertically merged cell cut by the page break keeps its
  text on the first page and an empty box on the next.
The content comes from the .docx itself (paragraphs, tables, gridSpan, vMerge), so the
PDF holds what the .docx holds. Fonts are not embedded: text extraction needs only
ToUnicode and widths. Output is deterministic.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
import zlib
import xml.etree.ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PAGE_W, PAGE_H = 595.3, 841.9
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 90.0, 72.0, 72.0
BODY_SIZE, TITLE_SIZE, CELL_SIZE = 10.5, 15.0, 10.5
PAD_X, PAD_Y = 5.4, 2.0
BORDER = 0.5


# ----------------------------------------------------------------------------------
# Reading the .docx
# ----------------------------------------------------------------------------------

def para_text(p):
    out = []
    for el in p.iter():
        if el.tag == W + "t":
            out.append(el.text or "")
        elif el.tag == W + "tab":
            out.append("\t")
        elif el.tag in (W + "br", W + "cr"):
            out.append("\n")
        elif el.tag == W + "del":
            pass
    return "".join(out)


def para_center(p):
    jc = p.find(W + "pPr/" + W + "jc")
    return jc is not None and jc.get(W + "val") in ("center", "centre")


def read_table(tbl):
    """Rows of origin cells: (col, colspan, rowspan, [paragraph texts], centered)."""
    grid = [int(g.get(W + "w", "1000")) / 20.0 for g in tbl.findall(W + "tblGrid/" + W + "gridCol")]
    rows = []
    open_merge = {}  # col -> origin cell dict
    for tr in tbl.findall(W + "tr"):
        col = 0
        before = tr.find(W + "trPr/" + W + "gridBefore")
        if before is not None:
            col += int(before.get(W + "val", "0"))
        row = []
        for tc in tr.findall(W + "tc"):
            pr = tc.find(W + "tcPr")
            span = 1
            vm = None
            if pr is not None:
                gs = pr.find(W + "gridSpan")
                if gs is not None:
                    span = int(gs.get(W + "val", "1"))
                v = pr.find(W + "vMerge")
                if v is not None:
                    vm = v.get(W + "val", "continue")
            paras = [p for p in tc if p.tag == W + "p"]
            texts = [para_text(p) for p in paras]
            center = bool(paras) and all(para_center(p) for p in paras)
            if vm == "continue" and col in open_merge:
                open_merge[col]["rs"] += 1
            else:
                cell = {"col": col, "cs": span, "rs": 1, "texts": texts, "center": center}
                row.append(cell)
                if vm == "restart":
                    open_merge[col] = cell
                else:
                    open_merge.pop(col, None)
            col += span
        rows.append(row)
    ncols = max([len(grid)] + [c["col"] + c["cs"] for r in rows for c in r])
    while len(grid) < ncols:
        grid.append(60.0)
    return {"grid": grid[:ncols], "rows": rows}


def read_docx(path):
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("word/document.xml"))
    body = root.find(W + "body")
    blocks = []
    for el in body:
        if el.tag == W + "p":
            blocks.append(("p", para_text(el), para_center(el)))
        elif el.tag == W + "tbl":
            blocks.append(("t", read_table(el)))
    return blocks


# ----------------------------------------------------------------------------------
# Fonts and text measure
# ----------------------------------------------------------------------------------

LATIN_W = {c: 500 for c in "0123456789"}
LATIN_W.update({" ": 250, ".": 250, ",": 250, "%": 833, ":": 278, ";": 278, "-": 333,
                "(": 333, ")": 333, "/": 278, "<": 564, ">": 564, "=": 564, "*": 500,
                "~": 541, "'": 180, '"': 408, "!": 333, "?": 444, "[": 333, "]": 333,
                "+": 564, "&": 778, "#": 500, "_": 500})


def is_latin(ch):
    return " " <= ch <= "~"


def char_w(ch):
    """Advance in 1/1000 em."""
    if is_latin(ch):
        if ch in LATIN_W:
            return LATIN_W[ch]
        if ch.isupper():
            return 667
        if ch in "ijlt":
            return 278
        if ch in "mw":
            return 722
        return 444 if ch.islower() else 500
    return 1000


class Font:
    def __init__(self, res, base, latin):
        self.res, self.base, self.latin = res, base, latin
        self.cids = {}

    def cid(self, ch):
        if ch not in self.cids:
            self.cids[ch] = len(self.cids) + 1
        return self.cids[ch]


def text_w(s, size):
    return sum(char_w(c) for c in s) * size / 1000.0


def tokens(s):
    """Break opportunities: each CJK character alone, Latin words whole, spaces."""
    return re.findall(r"[!-~]+| +|[^ !-~]", s)


def wrap(text, width, size):
    lines = []
    for part in text.split("\n"):
        cur, cur_w = "", 0.0
        for tok in tokens(part):
            tw = text_w(tok, size)
            if cur and cur_w + tw > width + 0.01:
                if tok.strip() == "":
                    continue
                lines.append(cur.rstrip(" "))
                cur, cur_w = "", 0.0
            if not cur and tok.strip() == "":
                continue
            if tw > width + 0.01:
                # A word wider than the column is broken between characters.
                for ch in tok:
                    cw = text_w(ch, size)
                    if cur and cur_w + cw > width + 0.01:
                        lines.append(cur)
                        cur, cur_w = "", 0.0
                    cur += ch
                    cur_w += cw
                continue
            cur += tok
            cur_w += tw
        lines.append(cur.rstrip(" "))
    return lines


# ----------------------------------------------------------------------------------
# Layout
# ----------------------------------------------------------------------------------

class Writer:
    def __init__(self):
        self.cjk = Font("F1", "SimSun", False)
        self.lat = Font("F2", "TimesNewRomanPSMT", True)
        self.pages = [[]]
        self.y = MARGIN_TOP

    @property
    def ops(self):
        return self.pages[-1]

    def new_page(self):
        self.pages.append([])
        self.y = MARGIN_TOP

    def text(self, x, y_top, s, size):
        """One line at x with its top at y_top (top-left page coordinates)."""
        base = PAGE_H - (y_top + size * 0.88)
        for run in re.findall(r"[ -~]+|[^ -~]+", s):
            font = self.lat if is_latin(run[0]) else self.cjk
            hexs = "".join("%04X" % font.cid(c) for c in run)
            self.ops.append("BT /%s %.1f Tf 1 0 0 1 %.2f %.2f Tm <%s> Tj ET" % (font.res, size, x, base, hexs))
            x += text_w(run, size)

    def hline(self, x0, x1, y):
        self.ops.append("%.2f %.2f %.2f %.2f re f" % (x0 - BORDER / 2, PAGE_H - y - BORDER / 2, x1 - x0 + BORDER, BORDER))

    def vline(self, x, y0, y1):
        self.ops.append("%.2f %.2f %.2f %.2f re f" % (x - BORDER / 2, PAGE_H - y1 - BORDER / 2, BORDER, y1 - y0 + BORDER))

    def paragraph(self, text, center):
        size = TITLE_SIZE if center else BODY_SIZE
        pitch = size * 1.5
        width = PAGE_W - 2 * MARGIN_X
        if not text.strip():
            self.y += pitch
            return
        indent = 0.0 if center else 2 * size
        lines = wrap(text.replace("\t", " "), width - indent, size)
        for k, line in enumerate(lines):
            if self.y + pitch > PAGE_H - MARGIN_BOTTOM:
                self.new_page()
            if center:
                x = MARGIN_X + (width - text_w(line, size)) / 2
            else:
                x = MARGIN_X + (indent if k == 0 else 0.0)
            self.text(x, self.y + (pitch - size) / 2, line, size)
            self.y += pitch

    def table(self, t):
        grid = t["grid"]
        width = PAGE_W - 2 * MARGIN_X
        scale = min(1.0, width / sum(grid))
        xs = [MARGIN_X]
        for g in grid:
            xs.append(xs[-1] + g * scale)
        size = CELL_SIZE
        pitch = size * 1.3
        rows = t["rows"]
        n = len(rows)
        cells = []
        for r, row in enumerate(rows):
            for c in row:
                c = dict(c)
                c["row"] = r
                c["rs"] = min(c["rs"], n - r)
                w = xs[c["col"] + c["cs"]] - xs[c["col"]] - 2 * PAD_X
                c["lines"] = [ln for p in c["texts"] for ln in wrap(p.replace("\t", " "), w, size)]
                while c["lines"] and not c["lines"][-1]:
                    c["lines"].pop()
                c["need"] = max(1, len(c["lines"])) * pitch + 2 * PAD_Y
                cells.append(c)
        heights = [pitch + 2 * PAD_Y] * n
        for c in cells:
            if c["rs"] == 1:
                heights[c["row"]] = max(heights[c["row"]], c["need"])
        for c in cells:
            if c["rs"] > 1:
                have = sum(heights[c["row"]:c["row"] + c["rs"]])
                if have < c["need"]:
                    heights[c["row"] + c["rs"] - 1] += c["need"] - have
        # Rows onto pages: (page index, top) of each row; a row never splits.
        place = []
        starts = {}
        for c in cells:
            starts.setdefault(c["row"], []).append(c)
        for r in range(n):
            room = PAGE_H - MARGIN_BOTTOM - self.y
            # A merged cell whose text would not fit in the part of it left on this
            # page starts on the next page, as Word keeps the text of a merged cell
            # in its first part.
            force = False
            for c in starts.get(r, []):
                fit = 0.0
                for k in range(c["row"], c["row"] + c["rs"]):
                    if fit + heights[k] > room:
                        break
                    fit += heights[k]
                if c["rs"] > 1 and fit < c["need"]:
                    force = True
            if (force or self.y + heights[r] > PAGE_H - MARGIN_BOTTOM) and self.y > MARGIN_TOP:
                self.new_page()
            place.append((len(self.pages) - 1, self.y))
            self.y += heights[r]
        self.y += 6
        for c in cells:
            r0, r1 = c["row"], c["row"] + c["rs"]
            x0, x1 = xs[c["col"]], xs[c["col"] + c["cs"]]
            # The pieces of the cell on each page it crosses.
            pieces = []
            for r in range(r0, r1):
                pg, top = place[r]
                if pieces and pieces[-1][0] == pg:
                    pieces[-1][2] = top + heights[r]
                else:
                    pieces.append([pg, top, top + heights[r]])
            for k, (pg, top, bottom) in enumerate(pieces):
                saved = self.pages[-1]
                ops = self.pages[pg]
                self.pages[-1] = ops
                self.hline(x0, x1, top)
                self.hline(x0, x1, bottom)
                self.vline(x0, top, bottom)
                self.vline(x1, top, bottom)
                if k == 0:
                    y = top + PAD_Y
                    for line in c["lines"]:
                        lw = text_w(line, size)
                        if c["center"]:
                            x = x0 + (x1 - x0 - lw) / 2
                        else:
                            x = x0 + PAD_X
                        self.text(x, y + (pitch - size) / 2, line, size)
                        y += pitch
                self.pages[-1] = saved
                if pg == len(self.pages) - 1:
                    pass

    # ------------------------------------------------------------------------------
    # Serialisation
    # ------------------------------------------------------------------------------

    def pdf(self):
        objs = []

        def add(body):
            objs.append(body)
            return len(objs)

        def stream(dict_extra, data, compress=True):
            if compress:
                data = zlib.compress(data, 6)
                dict_extra += " /Filter /FlateDecode"
            return b"<< /Length %d%s >>\nstream\n" % (len(data), dict_extra.encode()) + data + b"\nendstream"

        catalog = add(None)
        pages_id = add(None)
        font_ids = {}
        for f in (self.cjk, self.lat):
            tu_lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
                        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
                        "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
                        "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
            items = sorted((cid, ch) for ch, cid in f.cids.items())
            for i in range(0, len(items), 100):
                chunk = items[i:i + 100]
                tu_lines.append("%d beginbfchar" % len(chunk))
                for cid, ch in chunk:
                    u = ch.encode("utf-16-be").hex().upper()
                    tu_lines.append("<%04X> <%s>" % (cid, u))
                tu_lines.append("endbfchar")
            tu_lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
            tu = add(stream("", "\n".join(tu_lines).encode()))
            flags = 34 if f.latin else 4
            desc = add(("<< /Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [-150 -220 1100 880] "
                        "/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>" % (f.base, flags)).encode())
            ws = " ".join("%d [%d]" % (cid, char_w(ch)) for cid, ch in items)
            ordering = "Identity"
            cidfont = add(("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo << /Registry (Adobe) "
                           "/Ordering (%s) /Supplement 0 >> /FontDescriptor %d 0 R /DW 1000 /W [%s] "
                           "/CIDToGIDMap /Identity >>" % (f.base, ordering, desc, ws)).encode())
            font_ids[f.res] = add(("<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H "
                                   "/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (f.base, cidfont, tu)).encode())
        res = "<< /Font << %s >> >>" % " ".join("/%s %d 0 R" % (k, v) for k, v in font_ids.items())
        kids = []
        for ops in self.pages:
            data = ("\n".join(["q", "0 g"] + ops + ["Q"]) + "\n").encode()
            c = add(stream("", data))
            kids.append(add(("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %.1f %.1f] /Resources %s /Contents %d 0 R >>"
                             % (pages_id, PAGE_W, PAGE_H, res, c)).encode()))
        objs[catalog - 1] = ("<< /Type /Catalog /Pages %d 0 R >>" % pages_id).encode()
        objs[pages_id - 1] = ("<< /Type /Pages /Kids [%s] /Count %d >>"
                              % (" ".join("%d 0 R" % k for k in kids), len(kids))).encode()
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(objs, 1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
        for off in offsets:
            out += b"%010d 00000 n \n" % off
        out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, catalog, xref)
        return bytes(out)


def word_pdf(docx_path, pdf_path):
    w = Writer()
    for b in read_docx(docx_path):
        if b[0] == "p":
            w.paragraph(b[1], b[2])
        else:
            w.table(b[1])
    if not w.pages[-1] and len(w.pages) > 1:
        w.pages.pop()
    with open(pdf_path, "wb") as f:
        f.write(w.pdf())


def lo_pdf(docx_paths, out_dir):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("make_pdfs: --lo needs soffice (LibreOffice)")
    with tempfile.TemporaryDirectory() as tmp:
        # A private profile so that a running LibreOffice does not block the conversion.
        profile = "file://" + os.path.join(tmp, "profile")
        for i in range(0, len(docx_paths), 50):
            subprocess.run([soffice, "-env:UserInstallation=" + profile, "--headless", "--convert-to", "pdf",
                            "--outdir", tmp] + docx_paths[i:i + 50],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for p in docx_paths:
            stem = os.path.splitext(os.path.basename(p))[0]
            shutil.move(os.path.join(tmp, stem + ".pdf"), os.path.join(out_dir, stem + ".lo.pdf"))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "samples", "pdf"))
    ap.add_argument("--lo", action="store_true", help="only the LibreOffice PDFs")
    ap.add_argument("--word", action="store_true", help="only the Word-style PDFs")
    ap.add_argument("docx", nargs="*")
    a = ap.parse_args(argv)
    paths = a.docx or sorted(
        os.path.join(ROOT, "samples", d, f)
        for d in ("seeds", "variants")
        for f in os.listdir(os.path.join(ROOT, "samples", d))
        if f.endswith(".docx"))
    both = not a.lo and not a.word
    os.makedirs(a.out, exist_ok=True)
    if a.word or both:
        for p in paths:
            stem = os.path.splitext(os.path.basename(p))[0]
            word_pdf(p, os.path.join(a.out, stem + ".word.pdf"))
    if a.lo or both:
        lo_pdf(paths, a.out)


if __name__ == "__main__":
    main()
