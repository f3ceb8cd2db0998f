"""The report's worksheet passes its classic formulas as they are and leaves newer functions to xlsxwriter."""

from __future__ import annotations

import re
import zipfile

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

    from wrc_desktop.reports.cells import CellXml

    texts = ["a&b<c>d", "tab\there", "bell\x07", "_x0041_", "  lead", "trail  ", "=1+1", "普通"]
    path = tmp_path / "rows.xlsx"
    book = Workbook(
        str(path), {**style.WORKBOOK_OPTIONS, "constant_memory": True, "tmpdir": str(tmp_path)}
    )
    formats = style.make_formats(book)
    sheet = book.add_worksheet("s", style.ReportSheet)
    sheet.write_string(0, 0, "header", formats.header)  # buffered the ordinary way, written first
    cells = CellXml(formats.cell, formats.quoted, formats.date)
    tails = [cells.text(text) for text in texts]  # the direct path
    tails += [cells.date(dt.date(2027, 3, 1)), cells.text(None), cells.formula("=I2-1", 46446)]
    letters = "ABCDEFGHIJK"
    row = "".join(f'<c r="{letters[col]}2{tail}' for col, tail in enumerate(tails))
    sheet.write_rows_xml(1, 1, len(tails) - 1, f'<row r="2">{row}</row>')
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
    # Byte for byte what xlsxwriter writes, but for the row number.
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    direct_xml, library_xml = (re.search(f'<row r="{n}">.*?</row>', xml).group() for n in (2, 3))
    library_xml = re.sub(r'(r="[A-Z]*)3"', r'\g<1>2"', library_xml).replace("I3-1", "I2-1")
    assert direct_xml == library_xml


def test_the_collector_resumes_as_it_was_even_after_a_failure():
    import gc

    import pytest

    from wrc_desktop.collector import collector_paused

    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("the report failed")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # a caller that paused it keeps it paused
    finally:
        gc.enable()
