"""The report's worksheet passes its classic formulas as they are and leaves newer functions to xlsxwriter."""

from __future__ import annotations

import openpyxl
from xlsxwriter import Workbook

from wrc_desktop.reports import report_style as style


def test_classic_formulas_pass_and_new_functions_still_get_their_prefix(tmp_path):
    path = tmp_path / "f.xlsx"
    book = Workbook(
        str(path), {**style.WORKBOOK_OPTIONS, "constant_memory": True, "tmpdir": str(tmp_path)}
    )
    sheet = book.add_worksheet("s", style.ReportSheet)
    sheet.write_formula(0, 0, '=IF(TODAY()>=B1+30,"已失效","正常")', None, "正常")
    sheet.write_formula(1, 0, "=XLOOKUP(1,B:B,C:C)", None, 0)
    sheet.write_formula(2, 0, "=COUNTIF(B:B,A1)", None, 0)
    book.close()
    cells = openpyxl.load_workbook(path)["s"]
    assert cells["A1"].value == '=IF(TODAY()>=B1+30,"已失效","正常")'
    newer = cells["A2"].value  # xlsxwriter writes it as a dynamic-array formula
    assert getattr(newer, "text", newer) == "=_xlfn.XLOOKUP(1,B:B,C:C)"
    assert cells["A3"].value == "=COUNTIF(B:B,A1)"
