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


def test_rows_written_directly_read_back_as_xlsxwriter_writes_them(tmp_path):
    """Hostile text (XML specials, control characters, _xHHHH_ lookalikes, edge spaces, formula
    starts), dates, blanks and formulas: the direct row path gives what write_* gives."""
    import datetime as dt

    from wrc_desktop.reports.cells import CellWriter

    texts = ["a&b<c>d", "tab\there", "bell\x07", "_x0041_", "  lead", "trail  ", "=1+1", "普通"]
    path = tmp_path / "rows.xlsx"
    book = Workbook(
        str(path), {**style.WORKBOOK_OPTIONS, "constant_memory": True, "tmpdir": str(tmp_path)}
    )
    formats = style.make_formats(book)
    sheet = book.add_worksheet("s", style.ReportSheet)
    sheet.write_string(0, 0, "header", formats.header)  # buffered the ordinary way, written first
    cells = CellWriter(sheet, len(texts) + 3, formats.cell, formats.quoted, formats.date)
    cells.start_row(1)  # the direct path
    for col, text in enumerate(texts):
        cells.text(col, text)
    cells.date(len(texts), dt.date(2027, 3, 1))
    cells.text(len(texts) + 1, None)
    cells.formula(len(texts) + 2, "=I2-1", 46446)
    cells.end_row()
    for col, text in enumerate(texts):  # xlsxwriter's own calls, one row below
        quoted = text.startswith("=")
        sheet.write_string(2, col, text, formats.quoted if quoted else formats.cell)
    sheet.write_datetime(2, len(texts), dt.datetime(2027, 3, 1), formats.date)
    sheet.write_blank(2, len(texts) + 1, None, formats.cell)
    sheet.write_formula(2, len(texts) + 2, "=I3-1", formats.cell, 46446)
    book.close()
    values = openpyxl.load_workbook(path)["s"]
    assert values["A1"].value == "header"
    direct, library = ([c.value for c in values[row]] for row in (2, 3))
    assert direct[: len(texts)] == library[: len(texts)]
    assert direct[0] == "a&b<c>d" and direct[4:7] == ["  lead", "trail  ", "=1+1"]
    assert direct[len(texts)] == library[len(texts)] and direct[len(texts)].year == 2027
    assert direct[len(texts) + 1] is None and values.cell(2, len(texts) + 2).border.left.style
    assert (direct[len(texts) + 2], library[len(texts) + 2]) == ("=I2-1", "=I3-1")
    assert values["G2"].quotePrefix and not values["H2"].quotePrefix  # "=1+1" stays text
