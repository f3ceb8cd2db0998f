"""Cells that hold exactly what the register says: text never turns into a formula.

A name or a note beginning with ``=``, ``+``, ``-`` or ``@`` would run as a
formula in Excel or WPS (CSV/formula injection). Text is always written as a
string cell (never through xlsxwriter's guessing ``write``), and such text gets
the quote prefix as well, so it stays text even after the clerk edits the cell.
"""

from __future__ import annotations

import datetime as dt

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@")
DATE_FORMAT = "yyyy-mm-dd"
_EXCEL_EPOCH = dt.date(1899, 12, 30).toordinal()


def excel_serial(value: dt.date) -> int:
    """The day number Excel stores for a date (what ``write_datetime`` computes, without its cost)."""
    return value.toordinal() - _EXCEL_EPOCH


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


class CellWriter:
    """Writes one row's cells with a plain format and its quote-prefixed twin for risky text.

    Empty cells are written too (blank with the format), so the printed grid has no gaps.
    """

    def __init__(self, sheet: Worksheet, plain: Format, quoted: Format, date: Format) -> None:
        self.sheet = sheet
        self.plain = plain
        self.quoted = quoted
        self.date_format = date

    def text(self, row: int, col: int, value: str | None, fmt: Format | None = None) -> None:
        if not value:
            self.sheet.write_blank(row, col, None, fmt or self.plain)
        elif looks_like_formula(value):
            self.sheet.write_string(row, col, value, self.quoted)
        else:
            self.sheet.write_string(row, col, value, fmt or self.plain)

    def date(self, row: int, col: int, value: dt.date | None, fmt: Format | None = None) -> None:
        if value is None:
            self.sheet.write_blank(row, col, None, fmt or self.plain)
        else:
            self.sheet.write_number(row, col, excel_serial(value), fmt or self.date_format)

    def formula(
        self, row: int, col: int, formula: str, value: int | str | None, fmt: Format | None = None
    ) -> None:
        """A formula with its value on the day the report was made (shown before recalculation)."""
        self.sheet.write_formula(
            row, col, formula, fmt or self.plain, "" if value is None else value
        )
