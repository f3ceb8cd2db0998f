"""A roster's shared strings are read as openpyxl reads them: plain texts, rich-text runs joined,
phonetic guides left out, Excel's escaped underscores undone."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from openpyxl.reader.strings import read_string_table
from xlsxwriter import Workbook

from wrc_desktop.reports.xlsx_read import open_workbook, shared_strings

_TABLE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="7" uniqueCount="7">
<si><t>张三</t></si>
<si><t xml:space="preserve">  研发中心  </t></si>
<si><t/></si>
<si><r><rPr><b/></rPr><t>京工居</t></r><r><t xml:space="preserve">2024 0001</t></r></si>
<si><t>王芳</t><rPh sb="0" eb="2"><t>ワン</t></rPh><phoneticPr fontId="1"/></si>
<si><t>a_x005F_x000D_b</t></si>
<si><t>11010519900101002X</t></si>
</sst>"""


def test_the_table_holds_the_texts_openpyxl_reads():
    source = _TABLE.encode("utf-8")
    ours = shared_strings(io.BytesIO(source))
    assert ours == list(read_string_table(io.BytesIO(source)))
    assert ours[3] == "京工居2024 0001" and ours[4] == "王芳" and ours[2] == ""


def test_a_roster_saved_with_shared_strings_reads_as_with_openpyxl(tmp_path):
    path = tmp_path / "花名册.xlsx"
    book = Workbook(str(path))  # xlsxwriter's ordinary mode writes shared strings, as Excel does
    sheet = book.add_worksheet("花名册")
    rows = [["姓名", "身份证号码", "部门"]] + [
        [f"员工{n}", f"1101051990010{n % 10}00{n % 10}X", "研发中心" if n % 2 else " 法务部 "]
        for n in range(50)
    ]
    for index, row in enumerate(rows):
        sheet.write_row(index, 0, row)
    book.close()

    ours, theirs = open_workbook(path), load_workbook(path, read_only=True, data_only=True)
    try:
        read = [list(r) for r in ours["花名册"].iter_rows(values_only=True)]
        assert read == [list(r) for r in theirs["花名册"].iter_rows(values_only=True)]
        assert read == rows
    finally:
        ours.close()
        theirs.close()
