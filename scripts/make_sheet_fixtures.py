#!/usr/bin/env python3
"""Writes the small spreadsheet fixtures used by tests/read_sheet.rs.

The same workbook is written as .xlsx (openpyxl), .xls (xlwt) and .ods (by hand):

Sheet "自评表" (absolute positions, A1 = row 0 / col 0):
    A1 项目名称   B1:C1 城乡医疗救助 (horizontal merge of 2 columns)   D1 年度   E1 2022
    A2 " 备注 "   B2 指标       C2 金额       D2 执行率      E2 日期
    A3:A5 资金情况 (vertical merge of 3 rows)
                  B3 年度资金总额 C3 1146.81   D3 0.9406 formatted 0.00%   E3 2022-12-31
                  B4 中央补助     C4 4108      D4 0.1+0.2 (binary noise)
                  B5 其他资金     C5 0.5       D5 TRUE
    A6 合计       C6 =C3+C4+C5 with the cached value 5255.31
Sheet "说明": A1 说明, A2 本表金额单位为万元 (one column of text).

Also written: encrypted.xls, the .xls with its INTERFACEHDR record turned into a
FILEPASS record, which is how a password-protected workbook announces itself.

Run from the repository root: python3 scripts/make_sheet_fixtures.py
"""

import datetime
import io
import os
import zipfile

import openpyxl
import xlwt

OUT = os.path.join("tests", "fixtures", "sheet")
FIXED_TIME = (2024, 1, 1, 0, 0, 0)


def write_xlsx(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    ws["A1"] = "项目名称"
    ws["B1"] = "城乡医疗救助"
    ws.merge_cells("B1:C1")
    ws["D1"] = "年度"
    ws["E1"] = 2022
    ws["A2"] = " 备注 "
    ws["B2"] = "指标"
    ws["C2"] = "金额"
    ws["D2"] = "执行率"
    ws["E2"] = "日期"
    ws["A3"] = "资金情况"
    ws.merge_cells("A3:A5")
    ws["B3"] = "年度资金总额"
    ws["C3"] = 1146.81
    ws["D3"] = 0.9406
    ws["D3"].number_format = "0.00%"
    ws["E3"] = datetime.date(2022, 12, 31)
    ws["E3"].number_format = "yyyy-mm-dd"
    ws["B4"] = "中央补助"
    ws["C4"] = 4108
    ws["D4"] = 0.1 + 0.2
    ws["B5"] = "其他资金"
    ws["C5"] = 0.5
    ws["D5"] = True
    ws["A6"] = "合计"
    ws["C6"] = "=C3+C4+C5"
    notes = wb.create_sheet("说明")
    notes["A1"] = "说明"
    notes["A2"] = "本表金额单位为万元"
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl saves formulas without a cached value; Excel would store one.
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                before = b"<f>C3+C4+C5</f><v></v>"
                assert before in data, data
                data = data.replace(before, b"<f>C3+C4+C5</f><v>5255.31</v>")
                # openpyxl shortens 0.1 + 0.2; Excel keeps all 17 digits.
                noisy = b'<c r="D4" t="n"><v>0.3</v></c>'
                assert noisy in data, data
                data = data.replace(noisy, b'<c r="D4" t="n"><v>0.30000000000000004</v></c>')
            fixed = zipfile.ZipInfo(info.filename, FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)


def write_xls(path):
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("自评表")
    pct = xlwt.easyxf(num_format_str="0.00%")
    date = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    ws.write(0, 0, "项目名称")
    ws.write_merge(0, 0, 1, 2, "城乡医疗救助")
    ws.write(0, 3, "年度")
    ws.write(0, 4, 2022)
    ws.write(1, 0, " 备注 ")
    ws.write(1, 1, "指标")
    ws.write(1, 2, "金额")
    ws.write(1, 3, "执行率")
    ws.write(1, 4, "日期")
    ws.write_merge(2, 4, 0, 0, "资金情况")
    ws.write(2, 1, "年度资金总额")
    ws.write(2, 2, 1146.81)
    ws.write(2, 3, 0.9406, pct)
    ws.write(2, 4, datetime.date(2022, 12, 31), date)
    ws.write(3, 1, "中央补助")
    ws.write(3, 2, 4108)
    ws.write(3, 3, 0.1 + 0.2)
    ws.write(4, 1, "其他资金")
    ws.write(4, 2, 0.5)
    ws.write(4, 3, True)
    ws.write(5, 0, "合计")
    ws.write(5, 2, xlwt.Formula("C3+C4+C5"))
    notes = wb.add_sheet("说明")
    notes.write(0, 0, "说明")
    notes.write(1, 0, "本表金额单位为万元")
    wb.save(path)
    return path


def write_encrypted_xls(src, path):
    data = open(src, "rb").read()
    # INTERFACEHDR (0x00E1, 2 bytes: code page 1200) becomes FILEPASS (0x002F)
    # with a non-zero first word, which marks the workbook as encrypted.
    header = b"\xe1\x00\x02\x00\xb0\x04"
    assert data.count(header) == 1, "INTERFACEHDR not found exactly once"
    data = data.replace(header, b"\x2f\x00\x02\x00\xb0\x04")
    open(path, "wb").write(data)


ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content
 xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 office:version="1.2">
<office:body><office:spreadsheet>
<table:table table:name="自评表">
<table:table-row>
<table:table-cell office:value-type="string"><text:p>项目名称</text:p></table:table-cell>
<table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>城乡医疗救助</text:p></table:table-cell>
<table:covered-table-cell/>
<table:table-cell office:value-type="string"><text:p>年度</text:p></table:table-cell>
<table:table-cell office:value-type="float" office:value="2022"><text:p>2022</text:p></table:table-cell>
</table:table-row>
<table:table-row>
<table:table-cell table:number-rows-spanned="3" office:value-type="string"><text:p>资金情况</text:p></table:table-cell>
<table:table-cell office:value-type="string"><text:p>年度资金总额</text:p></table:table-cell>
<table:table-cell office:value-type="float" office:value="1146.81"><text:p>1146.81</text:p></table:table-cell>
<table:table-cell office:value-type="percentage" office:value="0.9406"><text:p>94.06%</text:p></table:table-cell>
</table:table-row>
<table:table-row>
<table:covered-table-cell/>
<table:table-cell office:value-type="string"><text:p>中央补助</text:p></table:table-cell>
<table:table-cell office:value-type="float" office:value="4108"><text:p>4108</text:p></table:table-cell>
</table:table-row>
<table:table-row>
<table:covered-table-cell/>
<table:table-cell office:value-type="string"><text:p>其他资金</text:p></table:table-cell>
<table:table-cell office:value-type="float" office:value="0.5"><text:p>0.5</text:p></table:table-cell>
</table:table-row>
</table:table>
<table:table table:name="说明">
<table:table-row><table:table-cell office:value-type="string"><text:p>说明</text:p></table:table-cell></table:table-row>
</table:table>
</office:spreadsheet></office:body>
</office:document-content>
"""

ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"""


def write_ods(path):
    with zipfile.ZipFile(path, "w") as z:
        # The mimetype entry comes first and uncompressed, as the format requires.
        z.writestr(
            zipfile.ZipInfo("mimetype", FIXED_TIME),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        for name, text in (
            # LibreOffice writes no whitespace between elements, and calamine
            # expects none inside a row.
            ("content.xml", "".join(ODS_CONTENT.splitlines()[1:]).replace("\n", "")),
            ("META-INF/manifest.xml", ODS_MANIFEST),
        ):
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            if not text.startswith("<?xml"):
                text = '<?xml version="1.0" encoding="UTF-8"?>' + text
            z.writestr(info, text.encode("utf-8"))


def main():
    os.makedirs(OUT, exist_ok=True)
    write_xlsx(os.path.join(OUT, "selfeval.xlsx"))
    xls = write_xls(os.path.join(OUT, "selfeval.xls"))
    write_encrypted_xls(xls, os.path.join(OUT, "encrypted.xls"))
    write_ods(os.path.join(OUT, "selfeval.ods"))


if __name__ == "__main__":
    main()
